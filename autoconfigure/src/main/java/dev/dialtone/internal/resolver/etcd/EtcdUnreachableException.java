package dev.dialtone.internal.resolver.etcd;

import io.etcd.jetcd.common.exception.EtcdException;
import io.grpc.Status;
import io.grpc.StatusException;
import io.grpc.StatusRuntimeException;

/**
 * etcd did not answer a read: the channels keep their addresses, and their health, the endpoint
 * and the logs say this. The message names the cluster by its endpoints and user, never a
 * password, and says what went wrong without the cause's stack.
 */
final class EtcdUnreachableException extends RuntimeException {

	EtcdUnreachableException(String cluster, Throwable cause) {
		super(cluster + " is unreachable (" + describe(cause) + ")", cause, false, false);
	}

	/**
	 * What went wrong, as etcd or gRPC said it.
	 */
	static String describe(Throwable failure) {
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			if (cause instanceof StatusRuntimeException || cause instanceof StatusException) {
				Status status = Status.fromThrowable(cause);
				return status.getCode() + ((status.getDescription() != null) ? ": " + status.getDescription() : "");
			}
			if (cause instanceof EtcdException etcd && cause.getCause() == null) {
				return etcd.getErrorCode() + ": " + etcd.getMessage();
			}
		}
		return failure.getClass().getSimpleName() + ((failure.getMessage() != null) ? ": " + failure.getMessage() : "");
	}

	@Override
	public String toString() {
		// Named in a status description: the message says all, the class name nothing more.
		return getMessage();
	}

}
