package com.teesql.devcluster.sidecar;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;

/**
 * An authenticated plain TCP connection to PostgreSQL. {@code in} may already hold bytes that followed
 * {@code AuthenticationOk}, so it must be used instead of the socket's own stream.
 */
record BackendConnection(Socket socket, InputStream in, OutputStream out) {

}
