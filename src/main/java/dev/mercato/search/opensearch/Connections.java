package dev.mercato.search.opensearch;

import java.net.URI;
import java.time.Duration;
import java.util.Arrays;

import org.apache.hc.client5.http.auth.AuthScope;
import org.apache.hc.client5.http.auth.UsernamePasswordCredentials;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.auth.BasicCredentialsProvider;
import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.util.Timeout;
import org.opensearch.client.json.jackson.JacksonJsonpMapper;
import org.opensearch.client.opensearch.OpenSearchClient;
import org.opensearch.client.transport.httpclient5.ApacheHttpClient5Options;
import org.opensearch.client.transport.httpclient5.ApacheHttpClient5TransportBuilder;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.json.JsonMapper;

import dev.mercato.search.internal.SearchSettings;

/**
 * Clients of the cluster in {@link SearchSettings.OpenSearch}. The official client serialises
 * documents with Jackson 2 (the rest of Mercato uses Jackson 3); its mapper is private to this package.
 */
final class Connections {

    /**
     * How long a write may take: the configured timeout bounds what a shopper waits for, while a
     * reindex batch or a delete-by-query over the whole index legitimately takes longer.
     */
    static final Duration WRITE_TIMEOUT = Duration.ofMinutes(2);

    private Connections() {
    }

    /** Requests wait at most {@code settings.timeout()} for an answer. */
    static OpenSearchClient connect(SearchSettings.OpenSearch settings) {
        HttpHost[] hosts = Arrays.stream(settings.url().split(",")).map(String::strip).map(Connections::host).toArray(HttpHost[]::new);
        Timeout timeout = Timeout.of(settings.timeout());
        ApacheHttpClient5TransportBuilder transport = ApacheHttpClient5TransportBuilder.builder(hosts)
                .setMapper(new JacksonJsonpMapper(documentMapper()))
                .setConnectionConfigCallback(connection -> connection.setConnectTimeout(timeout).setSocketTimeout(Timeout.of(WRITE_TIMEOUT)))
                .setRequestConfigCallback(request -> request.setResponseTimeout(timeout));
        String path = URI.create(settings.url().split(",")[0].strip()).getPath();
        if (path != null && !path.isEmpty() && !path.equals("/")) {
            transport.setPathPrefix(path);
        }
        if (settings.username() != null && !settings.username().isBlank()) {
            BasicCredentialsProvider credentials = new BasicCredentialsProvider();
            char[] password = settings.password() == null ? new char[0] : settings.password().toCharArray();
            credentials.setCredentials(new AuthScope(null, -1), new UsernamePasswordCredentials(settings.username(), password));
            transport.setHttpClientConfigCallback(client -> client.setDefaultCredentialsProvider(credentials));
        }
        return new OpenSearchClient(transport.build());
    }

    /** The same client (and connections), for writes: see {@link #WRITE_TIMEOUT}. */
    static OpenSearchClient forWrites(OpenSearchClient client) {
        RequestConfig writes = RequestConfig.custom().setResponseTimeout(Timeout.of(WRITE_TIMEOUT)).build();
        return client.withTransportOptions(ApacheHttpClient5Options.DEFAULT.toBuilder().setRequestConfig(writes).build());
    }

    private static HttpHost host(String url) {
        URI uri = URI.create(url);
        String scheme = uri.getScheme() == null ? "http" : uri.getScheme();
        int port = uri.getPort() >= 0 ? uri.getPort() : "https".equals(scheme) ? 443 : 80;
        return new HttpHost(scheme, uri.getHost(), port);
    }

    private static JsonMapper documentMapper() {
        return JsonMapper.builder()
                .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
                .serializationInclusion(JsonInclude.Include.NON_NULL)
                .build();
    }
}
