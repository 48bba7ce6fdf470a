package dev.mercato.platform.web;

import java.time.Duration;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.context.ApplicationListener;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.stereotype.Component;

/**
 * On SIGTERM, keeps serving for {@code mercato.platform.shutdown.drain-delay} with readiness
 * already refusing traffic, before anything stops. Spring Boot marks readiness down as the context
 * starts closing, but the graceful shutdown that follows at once stops taking connections, and
 * Tomcat then answers 503 to a request arriving on a kept-alive connection: a load balancer that
 * learns about a side from its readiness probe (Kubernetes, HAProxy, a health-checking nginx) still
 * sends to it until its next probe, and those requests fail. With the delay a little longer than
 * the balancer's probe interval, it has stopped sending before the connector closes; then in-flight
 * requests finish and SSE streams end as before. The default is no delay: {@code
 * deploy/blue-green/bluegreen.sh} switches nginx away from a side before it sends SIGTERM.
 *
 * <p>It runs on {@link ContextClosedEvent}, published after readiness went down and before any
 * lifecycle bean (web server, schedulers, the reservation engine, the database) is stopped. The
 * delay counts towards nothing else; keep it short of what the orchestrator allows before SIGKILL.
 */
@Component
@EnableConfigurationProperties(ShutdownDrainDelay.Settings.class)
class ShutdownDrainDelay implements ApplicationListener<ContextClosedEvent> {

    private static final Logger log = LoggerFactory.getLogger(ShutdownDrainDelay.class);

    /** @param drainDelay how long a stopping node keeps serving with readiness down (0: not at all) */
    @ConfigurationProperties("mercato.platform.shutdown")
    record Settings(@DefaultValue("0s") Duration drainDelay) {
    }

    private final Duration delay;

    ShutdownDrainDelay(Settings settings) {
        this.delay = settings.drainDelay();
    }

    @Override
    public void onApplicationEvent(ContextClosedEvent event) {
        if (delay.isZero() || delay.isNegative() || event.getApplicationContext().getParent() != null) {
            return;
        }
        log.info("shutdown drain: readiness refuses traffic, still serving for {} ms before the graceful shutdown",
                delay.toMillis());
        try {
            Thread.sleep(delay);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        log.info("shutdown drain over: stopping");
    }
}
