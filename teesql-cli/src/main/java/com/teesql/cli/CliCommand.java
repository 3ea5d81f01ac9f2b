package com.teesql.cli;

import java.io.IOException;
import java.util.List;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One operator command: reads its options, writes one JSON object.
 */
interface CliCommand {

	/**
	 * Runs the command.
	 * @param args the options after the command name
	 * @param out the JSON object to fill
	 * @return the exit status: 0 accepted/done, 1 refused
	 * @throws UsageException on a bad command line
	 * @throws IOException when an input cannot be read or parsed
	 */
	int run(List<String> args, ObjectNode out) throws UsageException, IOException;

}
