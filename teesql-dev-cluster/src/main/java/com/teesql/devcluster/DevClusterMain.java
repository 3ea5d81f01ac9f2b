package com.teesql.devcluster;

import java.util.concurrent.CountDownLatch;

import com.teesql.devcluster.postgres.ClusterRoles;

/**
 * Runs a dev cluster as a standalone process ({@code java -jar teesql-dev-cluster-<version>-exec.jar}) until it is
 * interrupted, and prints how to reach it. The printed secrets are the dev cluster's own, generated for this run:
 * a developer needs them to connect.
 *
 * @author teesql-spring-boot
 */
public final class DevClusterMain {

	private DevClusterMain() {
	}

	public static void main(String[] args) throws InterruptedException {
		boolean simulator = args.length > 0 && "--simulator".equals(args[0]);
		DevCluster cluster = DevCluster.start(DevClusterOptions.defaults().withSimulatorMode(simulator));
		CountDownLatch stopped = new CountDownLatch(1);
		Runtime.getRuntime().addShutdownHook(new Thread(() -> {
			cluster.close();
			stopped.countDown();
		}, "teesql-dev-cluster-shutdown"));
		System.out.println("TeeSQL dev cluster is running" + (simulator ? " in simulator mode" : "") + ":");
		System.out.println("  RA-TLS sidecar      127.0.0.1:" + cluster.sidecarPort());
		System.out.println("  sidecar HTTP        http://127.0.0.1:" + cluster.sidecarHttpPort() + "/health, /attestation");
		System.out.println("  guest agent         " + cluster.guestAgentEndpoint() + " and unix:" + cluster.guestAgentSocket());
		System.out.println("  teesql.url          " + cluster.dsn(ClusterRoles.READ_WRITE));
		System.out.println("  read-only URL       " + cluster.dsn(ClusterRoles.READ));
		System.out.println("  client settings     teesql.dstack.endpoint=" + cluster.guestAgentEndpoint()
				+ (simulator ? " teesql.allow-simulator=true" : "") + " teesql.attestation.verifier=none");
		System.out.println("Press Ctrl+C to stop.");
		stopped.await();
	}

}
