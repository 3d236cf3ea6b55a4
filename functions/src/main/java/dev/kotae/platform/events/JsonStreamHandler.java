package dev.kotae.platform.events;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.ParameterizedType;

/**
 * A handler of typed events that Lambda hands as bytes: it reads the event and writes the answer with
 * {@link EventJson}, so the runtime's serializer never loads. Lambda's Java runtime (EventHandlerLoader in
 * aws-lambda-java-libs) picks, among a handler's public methods of the name the stack gives ({@code ::handleRequest}),
 * a method that is no bridge and has the most parameters, a trailing Context counting twice: the stream method
 * (InputStream, OutputStream, Context) before the typed one (event, Context). Handlers keep their typed method, which
 * tests call with events from {@code events/}.
 *
 * @param <I> the event, one of {@link EventJson#TYPES}
 * @param <O> the answer
 */
public abstract class JsonStreamHandler<I, O> implements RequestStreamHandler {

    private final Class<I> eventType = eventTypeOf(getClass());

    /** The handler's work on one typed event. */
    public abstract O handleRequest(I event, Context context);

    @Override
    public final void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        EventJson.write(handleRequest(EventJson.read(input, eventType), context), output);
    }

    /** Handles {@code event} and writes its answer where nothing reads it: SnapStart priming's whole path. */
    protected final O serve(I event, Context context) {
        var answer = handleRequest(event, context);
        try {
            EventJson.write(answer, OutputStream.nullOutputStream());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return answer;
    }

    @SuppressWarnings("unchecked")
    private static <I> Class<I> eventTypeOf(Class<?> handler) {
        var type = handler.getGenericSuperclass();
        while (!(type instanceof ParameterizedType parameterized
                && parameterized.getRawType() == JsonStreamHandler.class)) {
            type = ((Class<?>) (type instanceof ParameterizedType p ? p.getRawType() : type)).getGenericSuperclass();
        }
        return (Class<I>) parameterized.getActualTypeArguments()[0];
    }
}
