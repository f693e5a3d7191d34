package dev.hotscope.bench.service;

import java.nio.ByteBuffer;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/** Jetty's side: hands each request's path to {@link Endpoints#serve} on a pool thread (the work blocks). */
final class BenchHandler extends Handler.Abstract {
    private final Endpoints endpoints;

    BenchHandler(Endpoints endpoints) {
        super(InvocationType.BLOCKING);
        this.endpoints = endpoints;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        byte[] body = endpoints.serve(Request.getPathInContext(request));
        if (body == null) {
            Response.writeError(request, response, callback, HttpStatus.NOT_FOUND_404);
            return true;
        }
        response.setStatus(HttpStatus.OK_200);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/plain");
        response.write(true, ByteBuffer.wrap(body), callback);
        return true;
    }
}
