package dev.mercato.platform.ratelimit;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

import dev.mercato.platform.commerce.Owner;
import dev.mercato.platform.security.Caller;

/**
 * Applies the route limits of {@link RateLimitSettings} before the controller runs, so a refused
 * request does no work: login and register by client address, checkout and flash-sale claims by
 * the caller (customer, else session). Runs after security, which has resolved the caller.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(RateLimitSettings.class)
class RateLimitInterceptor implements WebMvcConfigurer {

    private final RateLimiter limiter;

    RateLimitInterceptor(RateLimiter limiter) {
        this.limiter = limiter;
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        RateLimitSettings settings = limiter.settings();
        registry.addInterceptor(byAddress("login", settings.login())).addPathPatterns("/api/auth/login");
        registry.addInterceptor(byAddress("register", settings.register())).addPathPatterns("/api/auth/register");
        registry.addInterceptor(byCaller("checkout", settings.checkout())).addPathPatterns("/api/orders");
        registry.addInterceptor(byCaller("flash-sale-claims", settings.flashSaleClaims())).addPathPatterns("/api/flash-sales/*/claims");
    }

    private HandlerInterceptor byAddress(String route, RateLimitSettings.Limit limit) {
        return new HandlerInterceptor() {
            @Override
            public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
                if ("POST".equals(request.getMethod())) {
                    limiter.acquire(route, limit, request.getRemoteAddr());
                }
                return true;
            }
        };
    }

    private HandlerInterceptor byCaller(String route, RateLimitSettings.Limit limit) {
        return new HandlerInterceptor() {
            @Override
            public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
                Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
                if ("POST".equals(request.getMethod()) && authentication != null && authentication.getPrincipal() instanceof Caller caller) {
                    limiter.acquire(route, limit, Owner.of(caller).key());
                }
                return true;
            }
        };
    }
}
