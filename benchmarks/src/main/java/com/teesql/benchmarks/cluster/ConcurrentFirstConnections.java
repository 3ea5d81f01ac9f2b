package com.teesql.benchmarks.cluster;

import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.teesql.jdbc.attestation.QuoteVerifier;
import com.teesql.jdbc.attestation.TdxQuote;
import com.teesql.jdbc.attestation.VerifiedQuote;
import com.teesql.jdbc.errors.AttestationException;

/**
 * Single flight, measured: N connections released at once against a server their connector has never verified (a
 * pool filling up, writers after a failover) should cost one quote verification, not N. Counts the quote verifier's
 * runs under a fresh connector (empty verification cache) and times the burst.
 */
public final class ConcurrentFirstConnections {

	private final ClusterPair clusters;

	private final int connections;

	ConcurrentFirstConnections(ClusterPair clusters, int connections) {
		this.clusters = clusters;
		this.connections = connections;
	}

	/**
	 * This section alone: {@code ConcurrentFirstConnections [connections]}, default 16.
	 * @param args the number of concurrent first connections
	 * @throws Exception if the burst fails
	 */
	public static void main(String[] args) throws Exception {
		int connections = (args.length > 0) ? Integer.parseInt(args[0]) : 16;
		try (ClusterPair clusters = ClusterPair.start()) {
			ObjectNode result = new ConcurrentFirstConnections(clusters, connections).run();
			System.out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(result));
		}
		System.exit(0);
	}

	ObjectNode run() throws Exception {
		AtomicInteger verifications = new AtomicInteger();
		QuoteVerifier shared = this.clusters.quoteVerifier();
		QuoteVerifier counting = new QuoteVerifier() {

			@Override
			public VerifiedQuote verify(TdxQuote quote) throws AttestationException {
				verifications.incrementAndGet();
				return shared.verify(quote);
			}

			@Override
			public String name() {
				return shared.name();
			}

		};
		ClusterPair.AttestedTarget target = this.clusters.attestedTarget(Duration.ofHours(1), counting);
		ExecutorService executor = Executors.newFixedThreadPool(this.connections);
		CountDownLatch go = new CountDownLatch(1);
		try {
			List<Future<?>> results = new ArrayList<>();
			for (int i = 0; i < this.connections; i++) {
				results.add(executor.submit(() -> {
					go.await();
					try (Connection connection = DriverManager.getConnection(target.jdbcUrl(), target.credentials())) {
						if (!connection.isValid(10)) {
							throw new IllegalStateException("a connection of the burst is not valid");
						}
					}
					return null;
				}));
			}
			long start = System.nanoTime();
			go.countDown();
			for (Future<?> result : results) {
				result.get(60, TimeUnit.SECONDS);
			}
			long wallNanos = System.nanoTime() - start;
			ObjectNode report = new ObjectMapper().createObjectNode();
			report.put("concurrentFirstConnections", this.connections);
			report.put("quoteVerifications", verifications.get());
			report.put("burstWallMillis", wallNanos / 1e6);
			report.put("goal", "N concurrent first connections to a new server cost one verification");
			report.put("met", verifications.get() == 1);
			return report;
		}
		finally {
			executor.shutdownNow();
		}
	}

}
