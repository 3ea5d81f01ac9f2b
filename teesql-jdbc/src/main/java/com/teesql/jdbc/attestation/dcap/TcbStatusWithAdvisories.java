package com.teesql.jdbc.attestation.dcap;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A TCB status together with the Intel security advisory ids that explain it.
 *
 * @param status the status
 * @param advisoryIds advisory ids such as {@code INTEL-SA-00837}, in collateral order
 */
public record TcbStatusWithAdvisories(TcbStatus status, List<String> advisoryIds) {

	public TcbStatusWithAdvisories {
		Objects.requireNonNull(status, "status");
		advisoryIds = List.copyOf(advisoryIds);
	}

	/**
	 * Combine two statuses the way dcap-qvl does: the more severe status wins (this one on a tie), and the advisory
	 * list is this one's followed by the other's ids not already present.
	 * @param other the status to merge in
	 * @return the merged status
	 */
	public TcbStatusWithAdvisories merge(TcbStatusWithAdvisories other) {
		TcbStatus merged = (other.status.severity() > this.status.severity()) ? other.status : this.status;
		List<String> ids = new ArrayList<>(this.advisoryIds);
		for (String id : other.advisoryIds) {
			if (!ids.contains(id)) {
				ids.add(id);
			}
		}
		return new TcbStatusWithAdvisories(merged, ids);
	}

}
