package dev.mercato.customers.web;

import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonInclude;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import dev.mercato.customers.internal.Accounts;

@RestController
class AuthController {

    static final String GUEST_TOKEN = "X-Guest-Token";

    private final Accounts accounts;

    AuthController(Accounts accounts) {
        this.accounts = accounts;
    }

    @PostMapping("/api/auth/guest")
    @ResponseStatus(HttpStatus.CREATED)
    TokenResponse guest() {
        var issued = accounts.startGuestSession();
        return new TokenResponse(issued.token(), null, issued.roles());
    }

    @PostMapping("/api/auth/register")
    @ResponseStatus(HttpStatus.CREATED)
    TokenResponse register(@Valid @RequestBody RegisterRequest request,
            @RequestHeader(name = GUEST_TOKEN, required = false) Optional<String> guestToken) {
        var issued = accounts.register(request.email(), request.password(), request.name(), guestToken);
        return new TokenResponse(issued.token(), issued.customerId(), issued.roles());
    }

    @PostMapping("/api/auth/login")
    TokenResponse login(@Valid @RequestBody LoginRequest request,
            @RequestHeader(name = GUEST_TOKEN, required = false) Optional<String> guestToken, HttpServletRequest http) {
        var issued = accounts.login(request.email(), request.password(), guestToken, http.getRemoteAddr());
        return new TokenResponse(issued.token(), issued.customerId(), issued.roles());
    }

    @PostMapping("/api/auth/logout")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void logout(@RequestHeader(HttpHeaders.AUTHORIZATION) String authorization) {
        accounts.logout(authorization.substring("Bearer ".length()).trim());
    }

    record RegisterRequest(
            @NotBlank @Email @Size(max = 254) String email,
            @NotNull @Size(min = 8, max = 72) String password,
            @NotBlank @Size(max = 100) String name) {
    }

    record LoginRequest(@NotBlank @Size(max = 254) String email, @NotNull @Size(max = 200) String password) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record TokenResponse(String token, UUID customerId, Set<String> roles) {
    }
}
