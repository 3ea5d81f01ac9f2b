package com.teesql.devcluster.http;

/**
 * Handles the requests of one (method, path) route.
 */
@FunctionalInterface
public interface LocalHttpHandler {

	/**
	 * Handles a request.
	 * @param request the request
	 * @return the response
	 * @throws HttpStatusException to answer with a JSON error of that status
	 */
	LocalHttpResponse handle(LocalHttpRequest request);

}
