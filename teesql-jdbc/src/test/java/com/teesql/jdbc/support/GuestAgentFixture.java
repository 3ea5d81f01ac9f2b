package com.teesql.jdbc.support;

import java.nio.file.Path;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A guest agent stand-in on a Unix-domain socket that answers {@code GetTlsKey} with a fresh self-signed P-256
 * client certificate.
 */
public final class GuestAgentFixture implements AutoCloseable {

	private final MiniHttpServer server;

	private final TestKeys.SelfSigned clientCertificate;

	private GuestAgentFixture(MiniHttpServer server, TestKeys.SelfSigned clientCertificate) {
		this.server = server;
		this.clientCertificate = clientCertificate;
	}

	public static GuestAgentFixture start(Path directory) throws Exception {
		TestKeys.SelfSigned client = TestKeys.selfSigned("teesql-jdbc-test-client");
		ObjectNode body = new ObjectMapper().createObjectNode();
		body.put("key", client.keyPem());
		body.putArray("certificate_chain").add(client.certificatePem());
		byte[] response = MiniHttpServer.contentLengthResponse(200, body.toString());
		MiniHttpServer server = MiniHttpServer.unix(directory.resolve("dstack.sock"), (request) -> response);
		return new GuestAgentFixture(server, client);
	}

	public String endpoint() throws Exception {
		return this.server.endpoint();
	}

	public TestKeys.SelfSigned clientCertificate() {
		return this.clientCertificate;
	}

	public MiniHttpServer server() {
		return this.server;
	}

	@Override
	public void close() throws Exception {
		this.server.close();
	}

}
