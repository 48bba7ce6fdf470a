package dev.mercato.payments.internal;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import dev.mercato.payments.PaymentProcessorUnavailableException;
import dev.mercato.payments.PaymentProvider;
import dev.mercato.payments.PaymentRecord;
import dev.mercato.payments.PaymentTimeoutException;

/**
 * A processor whose behaviour a routing test sets: up, down (refused before sending, or a 5xx after
 * recording or not), silent after recording, or declining. Honours idempotency keys like a real one
 * and counts every call it receives.
 */
final class ScriptedProcessor implements PaymentProvider {

    enum Mode { UP, REFUSED, SERVER_ERROR, SERVER_ERROR_AFTER_RECORDING, SILENT_AFTER_RECORDING, DECLINES }

    private final String name;
    final Map<String, ProviderResult> recorded = new ConcurrentHashMap<>();
    final List<String> calls = java.util.Collections.synchronizedList(new ArrayList<>());
    volatile Mode mode = Mode.UP;

    ScriptedProcessor(String name) {
        this.name = name;
    }

    long captures() {
        return recorded.values().stream().filter(r -> r.kind().equals("capture") && r.succeeded()).count();
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public ProviderResult authorize(String key, UUID orderId, BigDecimal amount, String currency, String token) {
        return answer(key, "authorization", amount);
    }

    @Override
    public ProviderResult capture(String key, String authorizationId, BigDecimal amount) {
        return answer(key, "capture", amount);
    }

    @Override
    public ProviderResult voidAuthorization(String key, String authorizationId) {
        return answer(key, "void", BigDecimal.ZERO);
    }

    @Override
    public ProviderResult refund(String key, String captureId, BigDecimal amount) {
        return answer(key, "refund", amount);
    }

    @Override
    public Optional<ProviderResult> lookup(String key) {
        return Optional.ofNullable(recorded.get(key));
    }

    @Override
    public List<PaymentRecord> ledger(UUID orderId) {
        return List.of();
    }

    private ProviderResult answer(String key, String kind, BigDecimal amount) {
        calls.add(kind);
        Mode now = mode;
        switch (now) {
            case REFUSED -> throw new PaymentProcessorUnavailableException(name + " refused the connection", false);
            case SERVER_ERROR -> throw new PaymentProcessorUnavailableException(name + " answered 503", true);
            default -> {
            }
        }
        String status = now == Mode.DECLINES && kind.equals("authorization") ? "declined" : "succeeded";
        ProviderResult result = recorded.computeIfAbsent(key, k -> new ProviderResult(name + "-" + kind + "-" + UUID.randomUUID(),
                kind, status, amount, "USD", status.equals("declined") ? "card declined" : null));
        if (now == Mode.SERVER_ERROR_AFTER_RECORDING) {
            throw new PaymentProcessorUnavailableException(name + " answered 500 after recording", true);
        }
        if (now == Mode.SILENT_AFTER_RECORDING) {
            throw new PaymentTimeoutException(name + " timed out after recording");
        }
        return result;
    }
}
