package com.teesql.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Adds one section to {@code report.json}, keeping the sections other steps of the run wrote.
 */
public final class ReportFile {

	private ReportFile() {
	}

	/**
	 * Set a top-level section of the report.
	 * @param report the report file
	 * @param key the section name
	 * @param section its content
	 * @throws IOException if the report cannot be read or written
	 */
	public static void put(Path report, String key, JsonNode section) throws IOException {
		ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
		ObjectNode document;
		if (Files.exists(report)) {
			JsonNode existing = mapper.readTree(report.toFile());
			if (!(existing instanceof ObjectNode object)) {
				throw new IllegalStateException(
						report + " exists but is not a JSON object; remove it or pass another path");
			}
			document = object;
		}
		else {
			document = mapper.createObjectNode();
		}
		document.set(key, section);
		Path parent = report.toAbsolutePath().getParent();
		if (parent != null) {
			Files.createDirectories(parent);
		}
		mapper.writeValue(report.toFile(), document);
	}

}
