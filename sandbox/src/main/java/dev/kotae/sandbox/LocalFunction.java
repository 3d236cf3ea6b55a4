package dev.kotae.sandbox;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import dev.kotae.standins.LocalLambdaContext;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;

/**
 * One function the stack deploys, as the sandbox runs it: the name it is invoked by, its handler
 * (the class Lambda runs) and the event type it takes.
 */
record LocalFunction<I, O>(String name, RequestHandler<I, O> handler, Class<I> eventType) {

    O invoke(I event) {
        return handler.handleRequest(event, LocalLambdaContext.invoking(name));
    }

    /** As the Lambda runtime does: the event's JSON in, the response's JSON out. */
    @SuppressWarnings("unchecked")
    byte[] invokeJson(byte[] event) {
        var loader = getClass().getClassLoader();
        var response = invoke(LambdaEventSerializers.serializerFor(eventType, loader).fromJson(new ByteArrayInputStream(event)));
        var out = new ByteArrayOutputStream();
        LambdaEventSerializers.serializerFor((Class<Object>) response.getClass(), loader).toJson(response, out);
        return out.toByteArray();
    }
}
