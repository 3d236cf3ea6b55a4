package dev.kotae.sandbox;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import dev.kotae.platform.events.JsonStreamHandler;
import dev.kotae.standins.LocalLambdaContext;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.function.BiFunction;
import java.util.function.UnaryOperator;

/**
 * One function the stack deploys, as the sandbox runs it: the name it is invoked by, its handler
 * (the class Lambda runs) and the event type it takes.
 *
 * @param typed the handler's typed method
 * @param json  the handler as the Lambda runtime calls it: the event's JSON in, the answer's JSON out
 */
record LocalFunction<I, O>(String name, BiFunction<I, Context, O> typed, UnaryOperator<byte[]> json,
                           Class<I> eventType) {

    /** A handler the runtime hands typed events, read and written by its own serializer. */
    @SuppressWarnings("unchecked")
    static <I, O> LocalFunction<I, O> of(String name, RequestHandler<I, O> handler, Class<I> eventType) {
        var loader = LocalFunction.class.getClassLoader();
        return new LocalFunction<>(name, handler::handleRequest, event -> {
            var response = handler.handleRequest(LambdaEventSerializers.serializerFor(eventType, loader)
                    .fromJson(new ByteArrayInputStream(event)), LocalLambdaContext.invoking(name));
            var out = new ByteArrayOutputStream();
            LambdaEventSerializers.serializerFor((Class<Object>) response.getClass(), loader).toJson(response, out);
            return out.toByteArray();
        }, eventType);
    }

    /** A handler the runtime hands the request's bytes, which it reads and answers itself. */
    static <I, O> LocalFunction<I, O> of(String name, JsonStreamHandler<I, O> handler, Class<I> eventType) {
        return new LocalFunction<>(name, handler::handleRequest, event -> {
            var out = new ByteArrayOutputStream();
            try {
                handler.handleRequest(new ByteArrayInputStream(event), out, LocalLambdaContext.invoking(name));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return out.toByteArray();
        }, eventType);
    }

    O invoke(I event) {
        return typed.apply(event, LocalLambdaContext.invoking(name));
    }

    /** As the Lambda runtime does: the event's JSON in, the response's JSON out. */
    byte[] invokeJson(byte[] event) {
        return json.apply(event);
    }
}
