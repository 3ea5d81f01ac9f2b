package com.teesql.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code --name value} options of one command; repeated options keep every value.
 */
final class CliArguments {

	private final Map<String, List<String>> options;

	private CliArguments(Map<String, List<String>> options) {
		this.options = options;
	}

	static CliArguments parse(List<String> args, Set<String> known) throws UsageException {
		Map<String, List<String>> options = new LinkedHashMap<>();
		for (int i = 0; i < args.size(); i++) {
			String name = args.get(i);
			if (!name.startsWith("--") || !known.contains(name.substring(2))) {
				throw new UsageException("unknown option '" + name + "'; expected one of " + known);
			}
			if (i + 1 >= args.size()) {
				throw new UsageException("option '" + name + "' needs a value");
			}
			options.computeIfAbsent(name.substring(2), (key) -> new ArrayList<>()).add(args.get(++i));
		}
		return new CliArguments(options);
	}

	String required(String name) throws UsageException {
		List<String> values = this.options.get(name);
		if (values == null) {
			throw new UsageException("missing required option --" + name);
		}
		return values.get(values.size() - 1);
	}

}
