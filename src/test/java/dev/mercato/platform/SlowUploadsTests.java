package dev.mercato.platform;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import dev.mercato.platform.web.WebSettings;
import dev.mercato.support.ApiTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 12: the admission slot used to be taken before the body was read, so as many slow uploads
 * as there are slots (64) locked every other request out until each got 503 after the admission
 * timeout. Bodies are now read before admission.
 */
class SlowUploadsTests extends ApiTest {

    @Autowired
    WebSettings settings;

    @Test
    void clientsDribblingTheirBodiesDoNotKeepANormalRequestFromBeingAnswered() throws IOException {
        String guest = api.post("/api/auth/guest", "", null).json().get("token").asString();
        List<Socket> slow = new ArrayList<>();
        try {
            for (int i = 0; i < settings.maxConcurrentRequests() + 16; i++) {
                slow.add(startSlowUpload(guest));
            }
            long started = System.nanoTime();
            var answer = api.post("/api/cart/items", Map.of("sku", "NO-SUCH-SKU", "quantity", 1), guest);
            long millis = (System.nanoTime() - started) / 1_000_000;

            assertThat(answer.status()).as(answer.toString()).isEqualTo(404);
            assertThat(millis).as("answered without waiting for an admission slot (timeout %s)", settings.admissionTimeout())
                    .isLessThan(settings.admissionTimeout().toMillis() / 2);
            assertThat(api.get("/api/categories", null).status()).isEqualTo(200);
        } finally {
            for (Socket socket : slow) {
                socket.close();
            }
        }
    }

    /** A cart add whose body stops after its first bytes and stays open. */
    private Socket startSlowUpload(String token) throws IOException {
        Socket socket = new Socket();
        socket.connect(new InetSocketAddress("127.0.0.1", port()), 5_000);
        String body = "{\"sku\":\"NO-SUCH-SKU\",\"quantity\":1}";
        OutputStream out = socket.getOutputStream();
        out.write(("POST /api/cart/items HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + token
                + "\r\nContent-Type: application/json\r\nContent-Length: " + body.length() + "\r\n\r\n"
                + body.substring(0, 5)).getBytes(StandardCharsets.US_ASCII));
        out.flush();
        return socket;
    }
}
