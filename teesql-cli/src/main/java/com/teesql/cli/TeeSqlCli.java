package com.teesql.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Operator commands. Each prints exactly one JSON object on stdout and exits 0 (accepted), 1 (refused) or 2 (usage
 * or I/O error, with an {@code error} field).
 */
public final class TeeSqlCli {

	private static final ObjectMapper json = new ObjectMapper();

	private static final Map<String, CliCommand> commands = Map.of("parse-quote", new ParseQuoteCommand(),
			"inspect-cert", new InspectCertCommand(), "verify-quote", new VerifyQuoteCommand(), "check-endpoint", new CheckEndpointCommand(),
			"verify-manifest", new VerifyManifestCommand(), "resolve-leader", new ResolveLeaderCommand(), "pin",
			new PinCommand());

	private TeeSqlCli() {
	}

	public static void main(String[] args) {
		System.exit(run(args, System.out));
	}

	static int run(String[] args, PrintStream stdout) {
		ObjectNode out = json.createObjectNode();
		int status;
		CliCommand command = (args.length > 0) ? commands.get(args[0]) : null;
		if (command == null) {
			out.put("error", "usage: teesql-cli <command> [options]; commands: " + commands.keySet().stream().sorted().toList());
			status = 2;
		}
		else {
			out.put("command", args[0]);
			try {
				status = command.run(List.of(Arrays.copyOfRange(args, 1, args.length)), out);
			}
			catch (UsageException | IOException ex) {
				out.put("error", ex.getMessage());
				status = 2;
			}
		}
		stdout.println(out.toString());
		return status;
	}

}
