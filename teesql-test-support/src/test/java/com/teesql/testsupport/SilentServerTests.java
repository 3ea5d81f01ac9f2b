package com.teesql.testsupport;

import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class SilentServerTests {

	@Test
	void acceptsButNeverAnswersUntilClosed() throws Exception {
		try (Socket client = new Socket()) {
			try (SilentServer server = SilentServer.onLoopback()) {
				client.connect(new java.net.InetSocketAddress(InetAddress.getLoopbackAddress(), server.port()));
				Await.until("the server accepted", () -> server.connectionsAccepted() == 1);
				client.setSoTimeout(200);
				InputStream in = client.getInputStream();
				assertThatExceptionOfType(SocketTimeoutException.class).isThrownBy(in::read);
			}
			client.setSoTimeout(0);
			// Closing the server closes the connections it held: the client sees the end of the stream.
			assertThat(client.getInputStream().read()).isEqualTo(-1);
		}
	}

}
