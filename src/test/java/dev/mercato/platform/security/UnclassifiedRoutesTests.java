package dev.mercato.platform.security;

import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockServletContext;
import org.springframework.security.web.access.intercept.RequestAuthorizationContext;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.context.support.StaticWebApplicationContext;
import org.springframework.web.servlet.handler.SimpleUrlHandlerMapping;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;
import org.springframework.web.servlet.resource.ResourceHttpRequestHandler;

import static org.assertj.core.api.Assertions.assertThat;

/** The last access rule against a dispatcher's mappings: a controller, and static resources behind it. */
class UnclassifiedRoutesTests {

    @RestController
    static class Probe {

        @GetMapping("/probe/{id}")
        String probe() {
            return "served";
        }
    }

    private StaticWebApplicationContext context;
    private UnclassifiedRoutes rule;

    @BeforeEach
    void dispatcherWithOneControllerAndStaticResources() {
        context = new StaticWebApplicationContext();
        context.setServletContext(new MockServletContext());
        context.registerSingleton("probe", Probe.class);
        // the orders Spring MVC gives them: controllers first, the catch-all resource handler last
        context.registerBean("requestMappingHandlerMapping", RequestMappingHandlerMapping.class, () -> {
            var mapping = new RequestMappingHandlerMapping();
            mapping.setOrder(0);
            return mapping;
        });
        context.registerBean("resourceHandlerMapping", SimpleUrlHandlerMapping.class,
                () -> new SimpleUrlHandlerMapping(Map.of("/**", new ResourceHttpRequestHandler()), Integer.MAX_VALUE - 1));
        context.refresh();
        rule = new UnclassifiedRoutes(context);
    }

    @AfterEach
    void close() {
        context.close();
    }

    @Test
    void refusesARouteAControllerWouldServe() {
        assertThat(authorize("GET", "/probe/42")).isSameAs(UnclassifiedRoutes.UNCLASSIFIED);
    }

    @Test
    void letsThroughWhatNoHandlerServesSoTheDispatcherAnswers404Or405() {
        assertThat(authorize("GET", "/nothing/here").isGranted()).as("unknown path: 404").isTrue();
        assertThat(authorize("DELETE", "/probe/42").isGranted()).as("wrong method: 405").isTrue();
    }

    @Test
    void leavesNoLookupAttributesOnTheRequest() {
        var request = new MockHttpServletRequest("GET", "/probe/42");
        rule.authorize(() -> null, new RequestAuthorizationContext(request));
        assertThat(java.util.Collections.list(request.getAttributeNames())).isEmpty();
    }

    private org.springframework.security.authorization.AuthorizationResult authorize(String method, String path) {
        return rule.authorize(() -> null, new RequestAuthorizationContext(new MockHttpServletRequest(method, path)));
    }
}
