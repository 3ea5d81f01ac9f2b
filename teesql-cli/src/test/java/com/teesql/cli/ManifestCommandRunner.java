package com.teesql.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Runs a manifest command through {@link TeeSqlCli} itself: one JSON object on stdout, exit 0/1/2.
 */
final class ManifestCommandRunner {

	record Result(int status, ObjectNode json) {
	}

	private ManifestCommandRunner() {
	}

	static Result run(CliCommand command, String... args) {
		List<String> line = new ArrayList<>();
		line.add((command instanceof VerifyManifestCommand) ? "verify-manifest" : "resolve-leader");
		line.addAll(List.of(args));
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		int status = TeeSqlCli.run(line.toArray(String[]::new), new PrintStream(out, true, StandardCharsets.UTF_8));
		try {
			return new Result(status, (ObjectNode) new ObjectMapper().readTree(out.toString(StandardCharsets.UTF_8)));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
