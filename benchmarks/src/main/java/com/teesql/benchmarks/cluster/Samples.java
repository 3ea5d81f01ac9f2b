package com.teesql.benchmarks.cluster;

import java.util.Arrays;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Durations of repeated operations in microseconds, summarised by their order statistics. The median is the figure
 * compared: on a shared machine a few operations wait for a core far longer than the rest, and the mean follows
 * them while the median does not.
 */
final class Samples {

	private final double[] micros;

	private Samples(double[] micros) {
		if (micros.length == 0) {
			throw new IllegalArgumentException("No samples were taken");
		}
		this.micros = micros.clone();
		Arrays.sort(this.micros);
	}

	static Samples ofNanos(long[] nanos) {
		return new Samples(Arrays.stream(nanos).mapToDouble((value) -> value / 1_000.0).toArray());
	}

	static Samples ofMicros(double[] micros) {
		return new Samples(micros);
	}

	int count() {
		return this.micros.length;
	}

	double median() {
		return percentile(50);
	}

	double max() {
		return this.micros[this.micros.length - 1];
	}

	double mean() {
		return Arrays.stream(this.micros).average().orElseThrow();
	}

	double percentile(double percent) {
		int index = (int) Math.ceil(percent / 100.0 * this.micros.length) - 1;
		return this.micros[Math.max(0, Math.min(index, this.micros.length - 1))];
	}

	void writeTo(ObjectNode node, String unit) {
		node.put("count", count());
		node.put("median", median());
		node.put("p90", percentile(90));
		node.put("mean", mean());
		node.put("max", max());
		node.put("unit", unit);
	}

}
