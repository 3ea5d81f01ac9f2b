package com.teesql.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * {@code --name value} options and {@code --flag} switches of one command; repeated options keep every value.
 */
final class CliArguments {

	private final Map<String, List<String>> options;

	private CliArguments(Map<String, List<String>> options) {
		this.options = options;
	}

	static CliArguments parse(List<String> args, Set<String> valued) throws UsageException {
		return parse(args, valued, Set.of());
	}

	static CliArguments parse(List<String> args, Set<String> valued, Set<String> flags) throws UsageException {
		Map<String, List<String>> options = new LinkedHashMap<>();
		for (int i = 0; i < args.size(); i++) {
			String arg = args.get(i);
			String name = arg.startsWith("--") ? arg.substring(2) : "";
			if (flags.contains(name)) {
				options.computeIfAbsent(name, (key) -> new ArrayList<>()).add("true");
				continue;
			}
			if (!valued.contains(name)) {
				Set<String> known = new TreeSet<>(valued);
				known.addAll(flags);
				throw new UsageException("unknown option '" + arg + "'; expected one of " + known);
			}
			if (i + 1 >= args.size()) {
				throw new UsageException("option '" + arg + "' needs a value");
			}
			options.computeIfAbsent(name, (key) -> new ArrayList<>()).add(args.get(++i));
		}
		return new CliArguments(options);
	}

	String required(String name) throws UsageException {
		return optional(name).orElseThrow(() -> new UsageException("missing required option --" + name));
	}

	Optional<String> optional(String name) {
		List<String> values = this.options.get(name);
		return (values != null) ? Optional.of(values.get(values.size() - 1)) : Optional.empty();
	}

	List<String> all(String name) {
		return this.options.getOrDefault(name, List.of());
	}

	boolean flag(String name) {
		return this.options.containsKey(name);
	}

	long number(String name, long fallback) throws UsageException {
		Optional<String> value = optional(name);
		if (value.isEmpty()) {
			return fallback;
		}
		try {
			return Long.parseLong(value.get().trim());
		}
		catch (NumberFormatException ex) {
			throw new UsageException("option --" + name + " needs a whole number, got '" + value.get() + "'");
		}
	}

}
