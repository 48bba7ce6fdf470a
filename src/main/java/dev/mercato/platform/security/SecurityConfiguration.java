package dev.mercato.platform.security;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.AnonymousAuthenticationFilter;

import dev.mercato.platform.web.ProblemResponses;

/**
 * Route-level access rules in one place: admin routes need the admin role, cart and order routes
 * need a session (guest or customer), everything else is public. Object-level checks (whose cart,
 * whose order) are the owning module's job. Stateless: the bearer token is the session.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

    @Bean
    SecurityFilterChain apiSecurity(HttpSecurity http, AccessTokens tokens, ProblemResponses problems) throws Exception {
        return http
                .csrf(AbstractHttpConfigurer::disable)
                .httpBasic(AbstractHttpConfigurer::disable)
                .formLogin(AbstractHttpConfigurer::disable)
                .logout(AbstractHttpConfigurer::disable)
                .requestCache(AbstractHttpConfigurer::disable)
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .addFilterBefore(new BearerTokenFilter(tokens, problems), AnonymousAuthenticationFilter.class)
                .authorizeHttpRequests(routes -> routes
                        .requestMatchers("/api/admin/**").hasRole(Caller.ROLE_ADMIN)
                        .requestMatchers("/api/cart/**", "/api/orders/**", "/api/flash-sales/*/claims").authenticated()
                        .anyRequest().permitAll())
                .exceptionHandling(errors -> errors
                        .authenticationEntryPoint((request, response, e) -> {
                            response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
                            problems.write(response, HttpStatus.UNAUTHORIZED, "unauthorized", "Unauthorized",
                                    "This route needs an Authorization: Bearer token");
                        })
                        .accessDeniedHandler((request, response, e) -> problems.write(response,
                                HttpStatus.FORBIDDEN, "forbidden", "Forbidden",
                                "Your account does not have the role this route needs")))
                .build();
    }

    /** Delegating, so stored hashes name their algorithm ({@code {bcrypt}...}) and can be upgraded later. */
    @Bean
    PasswordEncoder passwordEncoder() {
        return PasswordEncoderFactories.createDelegatingPasswordEncoder();
    }
}
