package dev.mercato.platform.cache;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BiConsumer;
import java.util.function.Function;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.KeyValue;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SetArgs;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import tools.jackson.databind.json.JsonMapper;

/**
 * The shared tier: values as JSON under {@code mercato:cache:<region>:<key>}, a load lock per cold
 * key, and invalidations broadcast on one pub/sub channel that every node listens to.
 *
 * <p>Design notes. A reader that missed may have read the database before a writer committed and
 * reach Redis after the writer's invalidation: a plain SET would then put the old value back for a
 * whole TTL. So every key has an invalidation epoch ({@code mercato:cache-epoch:...}, bumped by each
 * invalidation): the reader notes it in the same round trip as its miss ({@code MGET}) and its write
 * is a script that stores only if the epoch is still the one it saw. The load lock is
 * {@code SET NX PX}; losers poll for the winner's value for {@code lockWait} and then load themselves
 * (a slow winner costs a second load, never a stalled read). The lock only spares the database; the
 * epoch is what keeps the value right. Commands are refused while disconnected instead of queued, so
 * an outage costs each read one failed command, not a timeout. {@link #invalidateAll} bumps a
 * region-wide epoch that every write-back checks too.
 *
 * <p>Failure policy (never a stale entry after its invalidation reached this node): an invalidation
 * that fails (Redis down, a timeout in a blip) is kept and re-sent every {@value #RETRY_MILLIS} ms
 * until Redis takes it; meanwhile this node does not read Redis ({@link #consistent()} is false),
 * whose copy may be the stale one, and answers from its own tier and the database. Other nodes learn
 * of the change when the re-sent message reaches them. While the pub/sub connection is down this
 * node cannot hear other nodes' invalidations at all ({@link #listening()} is false): its regions
 * then answer every read from the database, and on reconnecting it drops everything it holds.
 */
final class RedisTier implements AutoCloseable {

    static final String CHANNEL = "mercato:cache:invalidations";
    private static final RedisCodec<String, byte[]> CODEC = RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE);
    private static final Duration LOCK_TTL = Duration.ofSeconds(5);
    private static final Duration POLL = Duration.ofMillis(5);

    private static final long RETRY_MILLIS = 100;

    /** Stores only if neither the key's epoch nor the region's moved since the reader's miss. */
    private static final String PUT_IF_CURRENT = """
            local e = redis.call('GET', KEYS[2]) or ''
            local r = redis.call('GET', KEYS[3]) or ''
            if e == ARGV[1] and r == ARGV[2] then redis.call('SET', KEYS[1], ARGV[3], 'PX', ARGV[4]) return 1 end
            return 0""";
    private static final String INVALIDATE = """
            redis.call('INCR', KEYS[2])
            redis.call('PEXPIRE', KEYS[2], ARGV[1])
            redis.call('DEL', KEYS[1])
            return redis.call('PUBLISH', ARGV[2], ARGV[3])""";
    private static final String UNLOCK = """
            if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
            return 0""";

    /** An invalidation heard from another node: {@code key} null means the whole region. */
    record Invalidation(String region, String key) {
    }

    private final RedisClient client;
    private final StatefulRedisConnection<String, byte[]> connection;
    private final StatefulRedisPubSubConnection<String, String> pubsub;
    private final JsonMapper json = JsonMapper.builder().build();
    private final String nodeId = UUID.randomUUID().toString();
    private final Duration ttl;
    private final Duration lockWait;
    private final java.util.Set<Invalidation> unsent = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private final java.util.concurrent.ScheduledExecutorService retrier = java.util.concurrent.Executors
            .newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name("cache-invalidation-retry").factory());

    /** Connects now: a configured Redis that cannot be reached at startup is a configuration error. */
    RedisTier(CacheSettings settings, java.util.function.Consumer<Invalidation> heard, Runnable reconnected) {
        this.ttl = settings.ttl();
        this.lockWait = settings.redis().lockWait();
        this.client = RedisClient.create(RedisURI.create(settings.redis().url()));
        client.setOptions(ClientOptions.builder().autoReconnect(true)
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .timeoutOptions(TimeoutOptions.enabled(settings.redis().timeout())).build());
        this.connection = client.connect(CODEC);
        connection.setTimeout(settings.redis().timeout());
        this.pubsub = client.connectPubSub();
        pubsub.addListener(new RedisPubSubAdapter<>() {
            @Override
            public void message(String channel, String message) {
                Invalidation invalidation = parse(message);
                if (invalidation != null) {
                    heard.accept(invalidation);
                }
            }
        });
        // messages sent while this node was cut off are lost: what it holds may be stale, so it starts over
        client.addListener(new io.lettuce.core.RedisConnectionStateListener() {
            @Override
            public void onRedisConnected(io.lettuce.core.RedisChannelHandler<?, ?> handler, java.net.SocketAddress address) {
                reconnected.run();
            }
        });
        pubsub.sync().subscribe(CHANNEL);
        retrier.scheduleWithFixedDelay(this::resend, RETRY_MILLIS, RETRY_MILLIS, java.util.concurrent.TimeUnit.MILLISECONDS);
    }

    /** False while the invalidation channel is cut: this node would not hear another node's change. */
    boolean listening() {
        return pubsub.isOpen();
    }

    /** False while an invalidation of this node's has not reached Redis: the shared copy may be stale. */
    boolean consistent() {
        return unsent.isEmpty();
    }

    /** Invalidations that failed and wait to be re-sent. */
    int unsent() {
        return unsent.size();
    }

    private void resend() {
        for (Invalidation pending : unsent) {
            try {
                send(pending);
                unsent.remove(pending);
            } catch (RuntimeException e) {
                return; // Redis still refuses: the next round tries again
            }
        }
    }

    /**
     * The value from Redis, or from the loader (stored in Redis when the key was not invalidated
     * meanwhile). {@code failed} hears every Redis failure; the read then goes on without Redis.
     */
    <V> V load(String region, String key, Class<V> type, Function<String, V> loader, BiConsumer<String, RuntimeException> failed,
            Runnable sharedHit) {
        String valueKey = valueKey(region, key);
        String epochKey = epochKey(region, key);
        String regionEpochKey = regionEpochKey(region);
        String lockKey = "mercato:cache-lock:" + region + ":" + key;
        RedisCommands<String, byte[]> redis = connection.sync();
        byte[] epoch;
        byte[] regionEpoch;
        String token = nodeId + ":" + Thread.currentThread().threadId();
        boolean locked = false;
        try {
            List<KeyValue<String, byte[]>> found = redis.mget(valueKey, epochKey, regionEpochKey);
            V hit = decode(found.get(0), type);
            if (hit != null) {
                sharedHit.run();
                return hit;
            }
            epoch = found.get(1).getValueOrElse(new byte[0]);
            regionEpoch = found.get(2).getValueOrElse(new byte[0]);
            locked = "OK".equals(redis.set(lockKey, token.getBytes(StandardCharsets.UTF_8),
                    SetArgs.Builder.nx().px(LOCK_TTL.toMillis())));
            // a winner may have stored and unlocked between the MGET and the SET: look again before loading
            V stored = locked ? decode(KeyValue.fromNullable(valueKey, redis.get(valueKey)), type)
                    : awaitWinner(redis, valueKey, lockKey, type);
            if (stored != null) {
                if (locked) {
                    unlock(redis, lockKey, token, failed);
                }
                sharedHit.run();
                return stored;
            }
        } catch (RuntimeException e) {
            failed.accept("read", e);
            return loader.apply(key);
        }
        // stored before unlocking: a loser that sees the lock gone and no value loads itself
        try {
            V value = loader.apply(key);
            if (value != null) {
                try {
                    redis.eval(PUT_IF_CURRENT, ScriptOutputType.INTEGER, new String[] {valueKey, epochKey, regionEpochKey}, epoch,
                            regionEpoch, json.writeValueAsBytes(value), bytes(ttl.toMillis()));
                } catch (RuntimeException e) {
                    failed.accept("write", e);
                }
            }
            return value;
        } finally {
            if (locked) {
                unlock(redis, lockKey, token, failed);
            }
        }
    }

    /** What one bulk read of Redis found: the values it holds, and the epochs it saw for the keys it lacked. */
    record Bulk<V>(Map<String, V> values, Map<String, byte[]> epochs, byte[] regionEpoch) {
    }

    /** The values Redis holds for these keys (keys it lacks, or that fail to decode, are absent) and the epochs of the rest, in one MGET. */
    <V> Bulk<V> loadAll(String region, Collection<String> keys, Class<V> type) {
        List<String> order = new ArrayList<>(keys);
        String[] asked = new String[order.size() * 2 + 1];
        for (int i = 0; i < order.size(); i++) {
            asked[2 * i] = valueKey(region, order.get(i));
            asked[2 * i + 1] = epochKey(region, order.get(i));
        }
        asked[asked.length - 1] = regionEpochKey(region);
        List<KeyValue<String, byte[]>> found = connection.sync().mget(asked);
        Map<String, V> values = new LinkedHashMap<>();
        Map<String, byte[]> epochs = new LinkedHashMap<>();
        for (int i = 0; i < order.size(); i++) {
            V value = decode(found.get(2 * i), type);
            if (value != null) {
                values.put(order.get(i), value);
            } else {
                epochs.put(order.get(i), found.get(2 * i + 1).getValueOrElse(new byte[0]));
            }
        }
        return new Bulk<>(values, epochs, found.get(asked.length - 1).getValueOrElse(new byte[0]));
    }

    /**
     * Stores bulk-loaded values, each only if its key (and the region) was not invalidated since
     * {@link #loadAll} saw the miss: a bulk load can race a commit like a single one.
     */
    <V> void storeAll(String region, Map<String, V> values, Bulk<V> seen) {
        RedisCommands<String, byte[]> redis = connection.sync();
        values.forEach((key, value) -> redis.eval(PUT_IF_CURRENT, ScriptOutputType.INTEGER,
                new String[] {valueKey(region, key), epochKey(region, key), regionEpochKey(region)},
                seen.epochs().getOrDefault(key, new byte[0]), seen.regionEpoch(), json.writeValueAsBytes(value), bytes(ttl.toMillis())));
    }

    /**
     * Bumps the key's epoch, deletes its value and tells every node, in one script (one round trip).
     * On failure the invalidation is kept and re-sent until Redis takes it, then the exception is thrown.
     */
    void invalidate(String region, String key) {
        sendOrKeep(new Invalidation(region, key));
    }

    /** Bumps the region's epoch, deletes its values and tells every node; kept and re-sent on failure like {@link #invalidate}. */
    void invalidateAll(String region) {
        sendOrKeep(new Invalidation(region, null));
    }

    private void sendOrKeep(Invalidation invalidation) {
        try {
            send(invalidation);
        } catch (RuntimeException e) {
            unsent.add(invalidation);
            throw e;
        }
    }

    private void send(Invalidation invalidation) {
        if (invalidation.key() == null) {
            sendAll(invalidation.region());
            return;
        }
        String region = invalidation.region();
        String key = invalidation.key();
        connection.sync().eval(INVALIDATE, ScriptOutputType.INTEGER, new String[] {valueKey(region, key), epochKey(region, key)},
                bytes(ttl.multipliedBy(4).toMillis()), CHANNEL.getBytes(StandardCharsets.UTF_8),
                message(region, key).getBytes(StandardCharsets.UTF_8));
    }

    private void sendAll(String region) {
        RedisCommands<String, byte[]> redis = connection.sync();
        redis.incr(regionEpochKey(region));
        ScanArgs match = ScanArgs.Builder.matches("mercato:cache:" + region + ":*").limit(500);
        var cursor = redis.scan(match);
        while (true) {
            if (!cursor.getKeys().isEmpty()) {
                redis.unlink(cursor.getKeys().toArray(String[]::new));
            }
            if (cursor.isFinished()) {
                break;
            }
            cursor = redis.scan(ScanCursor.of(cursor.getCursor()), match);
        }
        redis.publish(CHANNEL, message(region, null).getBytes(StandardCharsets.UTF_8));
    }

    private <V> V awaitWinner(RedisCommands<String, byte[]> redis, String valueKey, String lockKey, Class<V> type) {
        long deadline = System.nanoTime() + lockWait.toNanos();
        while (System.nanoTime() < deadline) {
            try {
                Thread.sleep(POLL);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            }
            List<KeyValue<String, byte[]>> found = redis.mget(valueKey, lockKey);
            V value = decode(found.get(0), type);
            if (value != null || !found.get(1).hasValue()) {
                return value; // the winner stored it, or finished with nothing to store
            }
        }
        return null;
    }

    private void unlock(RedisCommands<String, byte[]> redis, String lockKey, String token, BiConsumer<String, RuntimeException> failed) {
        try {
            redis.eval(UNLOCK, ScriptOutputType.INTEGER, new String[] {lockKey}, token.getBytes(StandardCharsets.UTF_8));
        } catch (RuntimeException e) {
            failed.accept("unlock", e); // the lock's PX lets it go
        }
    }

    private <V> V decode(KeyValue<String, byte[]> found, Class<V> type) {
        if (!found.hasValue()) {
            return null;
        }
        try {
            return json.readValue(found.getValue(), type);
        } catch (RuntimeException e) {
            return null; // written by another version of the code: a miss, and the load writes the current form
        }
    }

    private String message(String region, String key) {
        return nodeId + "\n" + region + "\n" + (key == null ? "" : "k" + key);
    }

    /** Null for this node's own messages: it already dropped the entry, and a second drop would only cost a miss. */
    private Invalidation parse(String message) {
        String[] parts = message.split("\n", 3);
        if (parts.length < 3 || parts[0].equals(nodeId)) {
            return null;
        }
        return new Invalidation(parts[1], parts[2].isEmpty() ? null : parts[2].substring(1));
    }

    private static String valueKey(String region, String key) {
        return "mercato:cache:" + region + ":" + key;
    }

    private static String epochKey(String region, String key) {
        return "mercato:cache-epoch:" + region + ":" + key;
    }

    private static String regionEpochKey(String region) {
        return "mercato:cache-region-epoch:" + region;
    }

    private static byte[] bytes(long number) {
        return Long.toString(number).getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        retrier.shutdownNow();
        pubsub.close();
        connection.close();
        client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
    }
}
