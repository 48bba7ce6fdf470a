package dev.mercato.platform.outbox;

import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;
import org.springframework.modulith.events.core.EventPublicationRepository;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/** The registry writes through {@link DeferredCompletions}, which hands the rest to Modulith's JDBC repository. */
@Configuration(proxyBeanMethods = false)
class DeferredCompletionsConfiguration {

    @Bean
    @Primary
    DeferredCompletions deferredCompletions(@Qualifier("jdbcEventPublicationRepository") EventPublicationRepository jdbc,
            @Value("${spring.modulith.events.completion-mode:update}") String completionMode,
            PlatformTransactionManager transactions, MeterRegistry meters) {
        return new DeferredCompletions(jdbc, "delete".equalsIgnoreCase(completionMode), new TransactionTemplate(transactions), meters);
    }
}
