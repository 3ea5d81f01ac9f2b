package com.teesql.devcluster.support;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Runs clients we did not write ({@code psql}, {@code openssl}) against the dev cluster, bounded in time.
 */
public final class ExternalTools {

	private ExternalTools() {
	}

	/**
	 * Runs a command with no input, waits at most 30 s, and requires exit status 0.
	 * @param builder the command
	 * @return stdout and stderr together
	 * @throws Exception if it cannot be run
	 */
	public static String run(ProcessBuilder builder) throws Exception {
		builder.redirectErrorStream(true);
		builder.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
		Process process = builder.start();
		CompletableFuture<String> output = CompletableFuture.supplyAsync(() -> {
			try {
				return new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
			}
			catch (IOException ex) {
				throw new IllegalStateException(ex);
			}
		});
		if (!process.waitFor(30, TimeUnit.SECONDS)) {
			process.destroyForcibly();
			fail(builder.command().get(0) + " did not finish within 30 s");
		}
		String text = output.get(5, TimeUnit.SECONDS);
		assertThat(process.exitValue()).as(text).isZero();
		return text;
	}

	/**
	 * Whether a command is on the PATH.
	 * @param command the command name
	 * @return whether an executable of that name is found
	 */
	public static boolean onPath(String command) {
		String path = System.getenv("PATH");
		if (path == null) {
			return false;
		}
		for (String directory : path.split(File.pathSeparator)) {
			if (Files.isExecutable(Path.of(directory, command))) {
				return true;
			}
		}
		return false;
	}

}
