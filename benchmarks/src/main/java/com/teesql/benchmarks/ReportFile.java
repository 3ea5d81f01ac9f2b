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

	/**
	 * Add goals to the report's top-level {@code "goals"}, keeping those other steps of the run wrote. Each goal is
	 * an object with at least {@code "goal"} (what), {@code "target"} and {@code "met"}.
	 * @param report the report file
	 * @param goals the goals by name
	 * @throws IOException if the report cannot be read or written
	 */
	public static void addGoals(Path report, ObjectNode goals) throws IOException {
		ObjectMapper mapper = new ObjectMapper();
		ObjectNode all = mapper.createObjectNode();
		if (Files.exists(report) && mapper.readTree(report.toFile()).get("goals") instanceof ObjectNode existing) {
			all = existing;
		}
		all.setAll(goals);
		put(report, "goals", all);
	}

	/**
	 * One goal as {@link #addGoals} expects it.
	 * @param what what is measured
	 * @param target the target, as text ("&lt;= 1.2")
	 * @param measured the measured value
	 * @param met whether the target is met
	 * @return the goal
	 */
	public static ObjectNode goal(String what, String target, double measured, boolean met) {
		ObjectNode goal = new ObjectMapper().createObjectNode();
		goal.put("goal", what);
		goal.put("target", target);
		goal.put("measured", Math.round(measured * 1000) / 1000.0);
		goal.put("met", met);
		return goal;
	}

}
