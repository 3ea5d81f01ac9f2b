package com.teesql.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.teesql.jdbc.attestation.TdxQuote;

/**
 * {@code parse-quote --quote FILE}: the header and TD-report fields of a raw TDX quote.
 */
final class ParseQuoteCommand implements CliCommand {

	@Override
	public int run(List<String> args, ObjectNode out) throws UsageException, IOException {
		CliArguments arguments = CliArguments.parse(args, Set.of("quote"));
		TdxQuote quote = TdxQuote.parse(Files.readAllBytes(Path.of(arguments.required("quote"))));
		QuoteJson.write(quote, out);
		return 0;
	}

}
