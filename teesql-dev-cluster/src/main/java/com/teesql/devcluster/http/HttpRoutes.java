package com.teesql.devcluster.http;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The handlers of a {@link LocalHttpServer}, one per (method, path). Unknown paths answer 404, known paths with
 * another method 405.
 */
public final class HttpRoutes {

	private final Map<String, Map<String, LocalHttpHandler>> byPath = new ConcurrentHashMap<>();

	/**
	 * Registers a handler.
	 * @param method the method, e.g. {@code GET}
	 * @param path the exact path, starting with {@code /}
	 * @param handler the handler
	 * @return these routes
	 */
	public HttpRoutes add(String method, String path, LocalHttpHandler handler) {
		if (path == null || !path.startsWith("/")) {
			throw new IllegalArgumentException("route path must start with '/': " + path);
		}
		String normalizedMethod = method.toUpperCase(Locale.ROOT);
		Map<String, LocalHttpHandler> methods = this.byPath.computeIfAbsent(path,
				(key) -> new ConcurrentHashMap<>());
		if (methods.putIfAbsent(normalizedMethod, handler) != null) {
			throw new IllegalStateException("route already registered: " + normalizedMethod + " " + path);
		}
		return this;
	}

	LocalHttpResponse dispatch(LocalHttpRequest request) {
		Map<String, LocalHttpHandler> methods = this.byPath.get(request.path());
		if (methods == null) {
			return LocalHttpResponse.error(404, "no such path: " + Printable.abbreviate(request.path()));
		}
		LocalHttpHandler handler = methods.get(request.method());
		if (handler == null) {
			return LocalHttpResponse.error(405, "method " + request.method() + " not allowed on "
					+ Printable.abbreviate(request.path()))
				.withHeader("Allow", String.join(", ", new LinkedHashMap<>(methods).keySet()));
		}
		return handler.handle(request);
	}

}
