package dev.mercato.platform.database;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Marks a data directory as used by this running Mercato. The operating system releases a file
 * lock when its process dies, however it dies, so a lock that cannot be taken means a live Mercato
 * uses the directory, and a lock that can be taken while a PostgreSQL still runs there means that
 * server's Mercato is gone. The file holds the owner's pid, for the message. It sits beside the
 * data directory ({@code postgres.lock} next to {@code postgres/}), not in it: initdb refuses a
 * directory that is not empty.
 */
final class DataDirectoryLock implements AutoCloseable {

    private final FileChannel channel;
    private final FileLock lock;

    private DataDirectoryLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /** @throws DataDirectoryInUseException when another live process (or this one) holds the directory */
    static DataDirectoryLock acquire(Path dataDirectory) {
        Path file = dataDirectory.resolveSibling(dataDirectory.getFileName() + ".lock");
        FileChannel channel = null;
        try {
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
            FileLock lock = tryLock(channel);
            if (lock == null) {
                String owner = new String(Files.readAllBytes(file), StandardCharsets.US_ASCII).trim();
                channel.close();
                throw new DataDirectoryInUseException(dataDirectory, owner);
            }
            channel.truncate(0);
            channel.write(ByteBuffer.wrap(Long.toString(ProcessHandle.current().pid()).getBytes(StandardCharsets.US_ASCII)));
            channel.force(false);
            return new DataDirectoryLock(channel, lock);
        } catch (IOException e) {
            closeQuietly(channel);
            throw new UncheckedIOException("could not lock " + file, e);
        }
    }

    private static FileLock tryLock(FileChannel channel) throws IOException {
        try {
            return channel.tryLock();
        } catch (OverlappingFileLockException e) {
            // held by this very JVM: a second server on one directory is as wrong as a second process
            return null;
        }
    }

    private static void closeQuietly(FileChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // the lock failed already; that is the error worth reporting
            }
        }
    }

    @Override
    public void close() throws IOException {
        lock.release();
        channel.close();
    }

    /** A live Mercato runs PostgreSQL on the directory: starting a second server there must not happen. */
    static final class DataDirectoryInUseException extends IllegalStateException {

        DataDirectoryInUseException(Path dataDirectory, String ownerPid) {
            super("embedded PostgreSQL data directory " + dataDirectory + " is in use by a running Mercato"
                    + (ownerPid.isEmpty() ? "" : " (pid " + ownerPid + ")")
                    + "; stop that one first, or give this one another directory"
                    + " (MERCATO_PLATFORM_EMBEDDED_POSTGRES_DATA_DIRECTORY)");
        }
    }
}
