package com.teesql.devcluster.sidecar;

import com.teesql.devcluster.sidecar.ScramSha256Client.ScramException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link ScramSha256Client} with the RFC 7677 section 3 example exchange.
 */
class ScramSha256ClientTests {

	private static final String CLIENT_NONCE = "rOprNGfwEbeRWgbNEkqO";

	private static final String SERVER_FIRST = "r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,"
			+ "s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096";

	private final ScramSha256Client client = new ScramSha256Client("pencil", "user", CLIENT_NONCE);

	@Test
	void producesTheRfc7677Exchange() throws ScramException {
		assertThat(this.client.clientFirstMessage()).isEqualTo("n,,n=user,r=rOprNGfwEbeRWgbNEkqO");
		assertThat(this.client.clientFinalMessage(SERVER_FIRST))
			.isEqualTo("c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,"
					+ "p=dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ=");
		this.client.verifyServerFinal("v=6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=");
	}

	@Test
	void refusesAServerThatDoesNotKnowThePassword() throws ScramException {
		this.client.clientFinalMessage(SERVER_FIRST);
		assertThatExceptionOfType(ScramException.class)
			.isThrownBy(() -> this.client.verifyServerFinal("v=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA="))
			.withMessageContaining("server signature does not match");
		assertThatExceptionOfType(ScramException.class)
			.isThrownBy(() -> this.client.verifyServerFinal("e=invalid-proof"))
			.withMessageContaining("invalid-proof");
	}

	@Test
	void refusesForeignNoncesAndAbsurdIterationCounts() {
		assertThatExceptionOfType(ScramException.class)
			.isThrownBy(() -> this.client.clientFinalMessage("r=someoneElse,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096"))
			.withMessageContaining("nonce");
		assertThatExceptionOfType(ScramException.class)
			.isThrownBy(() -> this.client
				.clientFinalMessage("r=" + CLIENT_NONCE + "x,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=2000000000"))
			.withMessageContaining("2000000000");
		assertThatExceptionOfType(ScramException.class)
			.isThrownBy(() -> this.client.clientFinalMessage("r=" + CLIENT_NONCE + "x,i=4096"))
			.withMessageContaining("'s'");
	}

	@Test
	void toStringHidesThePassword() {
		assertThat(new ScramSha256Client("pencil")).asString().doesNotContain("pencil");
	}

}
