package dev.mercato.platform.web;

import java.io.ByteArrayInputStream;
import java.io.CharConversionException;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Type;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

import org.springframework.core.MethodParameter;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpInputMessage;
import org.springframework.http.converter.AbstractJacksonHttpMessageConverter;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.servlet.mvc.method.annotation.RequestBodyAdviceAdapter;

/**
 * JSON bodies are UTF-8 (RFC 8259 §8.1). Jackson detects UTF-16 and UTF-32 on its own from a byte
 * order mark or from zero bytes, and its UTF-8 decoder takes overlong forms ({@code C0 AF} read as
 * {@code /}), so a UTF-16 body or a smuggled character used to be read and its request carried out
 * (the route fuzz test found registrations, warehouses and checkouts created from them). The body
 * is decoded strictly before Jackson sees it; UTF-8 JSON starts with an ASCII character (after an
 * optional byte order mark), so a zero byte in the first four identifies UTF-16/32 without a mark.
 */
@ControllerAdvice
final class Utf8JsonBodies extends RequestBodyAdviceAdapter {

    static final String NOT_UTF8 = "Request body must be JSON in UTF-8";

    @Override
    public boolean supports(MethodParameter parameter, Type targetType, Class<? extends HttpMessageConverter<?>> converterType) {
        return AbstractJacksonHttpMessageConverter.class.isAssignableFrom(converterType);
    }

    @Override
    public HttpInputMessage beforeBodyRead(HttpInputMessage message, MethodParameter parameter, Type targetType,
            Class<? extends HttpMessageConverter<?>> converterType) throws IOException {
        // bounded by RequestSizeLimitFilter (1 MB by default), so reading it whole costs one small copy
        byte[] body = message.getBody().readAllBytes();
        if (!isUtf8(body)) {
            throw new HttpMessageNotReadableException(NOT_UTF8, new CharConversionException(NOT_UTF8), message);
        }
        HttpHeaders headers = message.getHeaders();
        return new HttpInputMessage() {
            @Override
            public InputStream getBody() {
                return new ByteArrayInputStream(body);
            }

            @Override
            public HttpHeaders getHeaders() {
                return headers;
            }
        };
    }

    /** Strict UTF-8 (no overlong forms, no encoded surrogates), and not UTF-16/32 in disguise. */
    static boolean isUtf8(byte[] body) {
        for (int i = 0; i < Math.min(4, body.length); i++) {
            if (body[i] == 0) {
                return false;
            }
        }
        try {
            StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(body));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }
}
