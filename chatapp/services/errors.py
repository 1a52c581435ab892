"""Named domain errors. Each carries a stable code for the API and a message a person can act on."""

from __future__ import annotations


class AppError(Exception):
    """Base of every error a user may see. Entry points map it to a response; nothing else does."""

    code = "INTERNAL_ERROR"
    status = 500
    default_message = "Something went wrong on our side. Please try again."

    def __init__(self, message: str | None = None, *, upgrade_url: str | None = None,
                 retry_after: int | None = None, headers: dict[str, str] | None = None) -> None:
        self.message = message or self.default_message
        self.upgrade_url = upgrade_url
        self.retry_after = retry_after
        self.headers = headers or {}  # extra HTTP headers (X-RateLimit-*)
        super().__init__(self.message)

    def to_dict(self) -> dict:
        body: dict = {"code": self.code, "message": self.message}
        if self.upgrade_url:
            body["upgrade_url"] = self.upgrade_url
        if self.retry_after is not None:
            body["retry_after"] = self.retry_after
        return {"error": body}


class ValidationFailed(AppError):
    code = "VALIDATION_ERROR"
    status = 422
    default_message = "Some of the input is not valid."


class EmailAlreadyRegistered(AppError):
    code = "EMAIL_ALREADY_REGISTERED"
    status = 409
    default_message = "This email is already registered. Log in instead."


class InvalidCredentials(AppError):
    code = "INVALID_CREDENTIALS"
    status = 401
    default_message = "Wrong email or password."


class NotAuthenticated(AppError):
    code = "NOT_AUTHENTICATED"
    status = 401
    default_message = "Please log in."


class Forbidden(AppError):
    code = "FORBIDDEN"
    status = 403
    default_message = "You are not allowed to do this."


class NotFound(AppError):
    code = "NOT_FOUND"
    status = 404
    default_message = "Not found."


class UserSuspended(AppError):
    code = "USER_SUSPENDED"
    status = 403
    default_message = "This account is suspended."


class TooManyLoginAttempts(AppError):
    code = "TOO_MANY_ATTEMPTS"
    status = 429
    default_message = "Too many log-in attempts. Please wait and try again."


class ConversationFull(AppError):
    code = "CONVERSATION_LIMIT"
    status = 409
    default_message = "This conversation is full. Start a new chat to keep going."


class AbuseBlocked(AppError):
    code = "ABUSE_BLOCKED"
    status = 403
    default_message = "This message was blocked. It was not sent and costs nothing."


class RateLimited(AppError):
    code = "RATE_LIMITED"
    status = 429
    default_message = "You are sending messages too quickly. Please wait a moment."


class ServiceUnavailable(AppError):
    code = "SERVICE_UNAVAILABLE"
    status = 503
    default_message = "The service is temporarily unavailable."


class UnknownModel(AppError):
    code = "UNKNOWN_MODEL"
    status = 400
    default_message = "Unknown model."


class ModelNotAllowed(AppError):
    code = "MODEL_NOT_ALLOWED"
    status = 403
    default_message = "Your plan does not include this model."


class EmptyMessage(AppError):
    code = "EMPTY_MESSAGE"
    status = 400
    default_message = "Type a message first."


class MessageTooLong(AppError):
    code = "MESSAGE_TOO_LONG"
    status = 413
    default_message = "The message is too long for this model."


class ConversationNotFound(NotFound):
    default_message = "Conversation not found."


class MessageNotFound(NotFound):
    default_message = "Message not found: it may have been replaced or deleted."


class SharedLinkNotFound(NotFound):
    """An unknown or revoked share link: the same answer for both, so links cannot be probed."""

    default_message = "This link is no longer available."


# --- provider failures (mapped from the openai SDK in services/llm.py) ---------------------------

class ProviderError(AppError):
    """The model provider failed; `retryable` says whether another attempt or model may succeed."""

    code = "PROVIDER_ERROR"
    status = 502
    default_message = "The model provider returned an error. Please try again."
    retryable = True


class ProviderUnavailable(ProviderError):
    code = "PROVIDER_UNAVAILABLE"
    status = 503
    default_message = "Service temporarily limited: the model provider is unavailable. Try again shortly."


class ProviderRateLimited(ProviderError):
    code = "PROVIDER_RATE_LIMITED"
    status = 503
    default_message = "The model provider is busy. Please try again in a moment."


class ProviderTimeout(ProviderError):
    code = "PROVIDER_TIMEOUT"
    status = 504
    default_message = "The model provider took too long to answer."


class ProviderInterrupted(ProviderError):
    code = "PROVIDER_INTERRUPTED"
    status = 502
    default_message = "The answer was interrupted by the model provider."


class ProviderRejected(ProviderError):
    """The provider refused the request itself (bad request, auth, unknown model): retrying won't help."""

    code = "PROVIDER_REJECTED"
    status = 502
    default_message = "The model provider refused the request."
    retryable = False


# --- the cost guardian --------------------------------------------------------------------------

class DailyLimitExceeded(AppError):
    code = "DAILY_LIMIT_EXCEEDED"
    status = 402
    default_message = "You have used today's budget. It resets at midnight UTC."


class MonthlyLimitExceeded(AppError):
    code = "MONTHLY_LIMIT_EXCEEDED"
    status = 402
    default_message = "You have used this month's budget. It resets on the 1st (UTC)."


class EmergencyStop(AppError):
    code = "EMERGENCY_STOP"
    status = 503
    default_message = ("Chat is paused: a spending safety limit was reached. An administrator has "
                       "been notified.")


class RequestTooExpensive(AppError):
    code = "REQUEST_TOO_EXPENSIVE"
    status = 402
    default_message = "This request would cost more than one request may."


class UserEmergencyStop(EmergencyStop):
    """This user's monthly safety limit was reached (the service itself runs on)."""

    status = 403
    default_message = ("Your account reached its monthly safety limit, so chat is paused. An "
                       "administrator has been notified and can lift it.")
