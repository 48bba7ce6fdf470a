package dev.mercato.platform.web;

import java.io.IOException;
import java.io.Writer;

import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import org.springframework.http.HttpStatus;

/**
 * Tomcat answers what it rejects before any filter runs (an encoded slash or NUL in the path, a
 * malformed request line) through its host's error report valve, as an HTML page that names
 * Tomcat. This valve writes those answers as problem documents, with the headers every other
 * answer carries, and never a version or a stack trace.
 */
public final class ProblemErrorReportValve extends ErrorReportValve {

    /** Public: Tomcat creates it by class name. */
    public ProblemErrorReportValve() {
    }

    @Override
    protected void report(Request request, Response response, Throwable throwable) {
        int status = response.getStatus();
        if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
            return;
        }
        HttpStatus known = HttpStatus.resolve(status);
        String title = known == null ? "Error" : known.getReasonPhrase();
        String detail = status >= 500 ? "An unexpected error occurred" : "The request was rejected: " + title;
        String type = ProblemException.TYPE_BASE + (known == null ? "http-" + status : ProblemHandler.slug(known));
        try {
            response.setContentType("application/problem+json");
            response.setCharacterEncoding("UTF-8");
            response.setHeader("X-Content-Type-Options", "nosniff");
            Writer writer = response.getReporter();
            if (writer != null) {
                writer.write("{\"type\":\"" + type + "\",\"title\":\"" + title + "\",\"status\":" + status
                        + ",\"detail\":\"" + detail + "\"}");
                response.finishResponse();
            }
        } catch (IOException | IllegalStateException e) {
            // the client is gone or the response committed; nothing more can be said
        }
    }
}
