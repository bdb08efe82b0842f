package dev.dialtone.internal.resolver.etcd;

import io.etcd.jetcd.common.exception.EtcdException;
import io.grpc.Status;
import io.grpc.StatusException;
import io.grpc.StatusRuntimeException;

import dev.dialtone.internal.resolver.DescribedLookupFailure;

/**
 * A read of etcd failed: etcd is unreachable, or refused it (a wrong password, a user without the
 * permission). The channels keep their addresses, and their health, the endpoint and the logs say
 * this. The message names the cluster by its endpoints and user, never a password, and says what
 * went wrong without the cause's stack.
 */
final class EtcdReadException extends DescribedLookupFailure {

	EtcdReadException(String cluster, Throwable cause) {
		super(cluster + (refused(cause) ? " refused the read (" : " is unreachable (") + describe(cause) + ")", cause);
	}

	private static boolean refused(Throwable failure) {
		String code = code(failure);
		return Status.Code.UNAUTHENTICATED.name().equals(code) || Status.Code.PERMISSION_DENIED.name().equals(code);
	}

	private static String code(Throwable failure) {
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			if (cause instanceof EtcdException etcd) {
				return etcd.getErrorCode().name();
			}
		}
		return Status.fromThrowable(failure).getCode().name();
	}

	/**
	 * What went wrong, as etcd or gRPC said it.
	 */
	static String describe(Throwable failure) {
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			if (cause instanceof EtcdException etcd) {
				String why = (etcd.getMessage() != null) ? etcd.getMessage() : deepestMessage(etcd);
				return etcd.getErrorCode() + ((why != null) ? ": " + why : "");
			}
			if (cause instanceof StatusRuntimeException || cause instanceof StatusException) {
				Status status = Status.fromThrowable(cause);
				String why = (status.getDescription() != null) ? status.getDescription() : deepestMessage(cause);
				return status.getCode() + ((why != null) ? ": " + why : "");
			}
		}
		return failure.getClass().getSimpleName() + ((failure.getMessage() != null) ? ": " + failure.getMessage() : "");
	}

	// A failed login is a bare UNAUTHENTICATED whose cause says why.
	private static String deepestMessage(Throwable failure) {
		String message = null;
		for (Throwable cause = failure.getCause(); cause != null; cause = cause.getCause()) {
			if (cause.getMessage() != null) {
				message = cause.getMessage();
			}
		}
		return message;
	}

	@Override
	public String toString() {
		// Named in a status description: the message says all, the class name nothing more.
		return getMessage();
	}

}
