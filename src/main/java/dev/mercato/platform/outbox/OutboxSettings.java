package dev.mercato.platform.outbox;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param sampleEvery pause between two looks at the outbox for {@link OutboxBacklog}'s gauges
 */
@ConfigurationProperties("mercato.platform.outbox")
record OutboxSettings(@DefaultValue("15s") Duration sampleEvery) {

    static final String SAMPLE_EVERY = "#{beanFactory.getBean(T(dev.mercato.platform.outbox.OutboxSettings)).sampleEvery()}";
}
