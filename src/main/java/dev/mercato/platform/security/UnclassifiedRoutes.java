package dev.mercato.platform.security;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.BeanFactoryUtils;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.core.annotation.AnnotationAwareOrderComparator;
import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.authorization.AuthorizationManager;
import org.springframework.security.authorization.AuthorizationResult;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.access.intercept.RequestAuthorizationContext;
import org.springframework.web.servlet.HandlerExecutionChain;
import org.springframework.web.servlet.HandlerMapping;
import org.springframework.web.servlet.resource.ResourceHttpRequestHandler;
import org.springframework.web.util.ServletRequestPathUtils;

/**
 * The last access rule, for requests no listed rule matched. A request that some handler would
 * serve (a controller method, an actuator endpoint, a functional route) is a route nobody
 * classified, and is denied: 401 for anonymous callers, 403 for everyone else. A request that no
 * handler would serve is let through so that Spring MVC answers it exactly as it would anyway: an
 * unknown path gets its 404 problem and a known path with the wrong method its 405. Static
 * resources count as unserved, because the resource handler matches every path and answers 404
 * for files that do not exist; what it does serve (under {@code static/}) is public by nature.
 *
 * <p>The handler mappings are every {@link HandlerMapping} bean, asked in the order the dispatcher
 * asks them (it detects all of them, sorted by order), on a copy of the
 * request's attributes so the lookup leaves no trace on the request the dispatcher then sees. Only
 * requests that no rule matched pay for the lookup; listed routes never reach this class.
 */
final class UnclassifiedRoutes implements AuthorizationManager<RequestAuthorizationContext> {

    private static final Logger log = LoggerFactory.getLogger(UnclassifiedRoutes.class);

    /** The refusal of a route nobody classified, so the 403 can say so instead of blaming the caller's role. */
    static final AuthorizationDecision UNCLASSIFIED = new AuthorizationDecision(false);
    private static final AuthorizationDecision LET_MVC_ANSWER = new AuthorizationDecision(true);

    private final ListableBeanFactory beans;
    private volatile List<HandlerMapping> handlerMappings;

    UnclassifiedRoutes(ListableBeanFactory beans) {
        this.beans = beans;
    }

    @Override
    public AuthorizationResult authorize(Supplier<? extends Authentication> authentication, RequestAuthorizationContext context) {
        HttpServletRequest request = context.getRequest();
        if (!servedByAHandler(request)) {
            return LET_MVC_ANSWER;
        }
        log.warn("Refused {} {}: the route has no access rule in SecurityConfiguration", request.getMethod(),
                request.getRequestURI());
        return UNCLASSIFIED;
    }

    private boolean servedByAHandler(HttpServletRequest request) {
        var lookup = new DetachedAttributes(request);
        ServletRequestPathUtils.parseAndCache(lookup);
        for (HandlerMapping mapping : handlerMappings()) {
            HandlerExecutionChain chain;
            try {
                chain = mapping.getHandler(lookup);
            } catch (Exception refused) {
                // the path is mapped but not for this method or media type: the dispatcher will
                // stop at the same mapping with the same exception and answer 405, 415 or 406
                return false;
            }
            if (chain != null) {
                return !(chain.getHandler() instanceof ResourceHttpRequestHandler);
            }
        }
        return false;
    }

    /** Looked up at the first request: the mappings are complete only once the context has started. */
    private List<HandlerMapping> handlerMappings() {
        List<HandlerMapping> mappings = handlerMappings;
        if (mappings == null) {
            mappings = new ArrayList<>(
                    BeanFactoryUtils.beansOfTypeIncludingAncestors(beans, HandlerMapping.class, true, false).values());
            AnnotationAwareOrderComparator.sort(mappings);
            handlerMappings = List.copyOf(mappings);
        }
        return mappings;
    }

    /** The request as it is, except that attributes set during the lookup stay in this wrapper. */
    private static final class DetachedAttributes extends HttpServletRequestWrapper {

        private final Map<String, Object> attributes = new HashMap<>();

        DetachedAttributes(HttpServletRequest request) {
            super(request);
            for (String name : Collections.list(request.getAttributeNames())) {
                attributes.put(name, request.getAttribute(name));
            }
        }

        @Override
        public Object getAttribute(String name) {
            return attributes.get(name);
        }

        @Override
        public java.util.Enumeration<String> getAttributeNames() {
            return Collections.enumeration(attributes.keySet());
        }

        @Override
        public void setAttribute(String name, Object value) {
            if (value == null) {
                attributes.remove(name);
            } else {
                attributes.put(name, value);
            }
        }

        @Override
        public void removeAttribute(String name) {
            attributes.remove(name);
        }
    }
}
