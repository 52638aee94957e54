package app.cruddur.ops.runner.api;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One thing a {@link ReleaseListener} heard, kept so that it can be told again elsewhere: the
 * release vehicle records its run's events and answers them, and its caller replays them into its
 * own listener, which shows them as a local run shows them. Progress ticks are not kept.
 *
 * @param type what happened
 * @param target {@link Type#RELEASE_STARTED}: the target
 * @param context {@link Type#RELEASE_STARTED}: the release context
 * @param message {@link Type#NOTICE}: the notice
 * @param step {@link Type#STEP_STARTED}: the step
 * @param result {@link Type#STEP_FINISHED}: what the step did
 */
public record ReleaseEvent(
    Type type,
    Optional<String> target,
    Optional<String> context,
    Optional<String> message,
    Optional<StepStatus> step,
    Optional<StepResult> result) {

  /** The listener's calls that are kept. */
  public enum Type {
    /** {@link ReleaseListener#releaseStarted}. */
    RELEASE_STARTED,
    /** {@link ReleaseListener#notice}. */
    NOTICE,
    /** {@link ReleaseListener#stepStarted}. */
    STEP_STARTED,
    /** {@link ReleaseListener#stepFinished}. */
    STEP_FINISHED
  }

  public ReleaseEvent {
    Objects.requireNonNull(type, "type");
    target = Objects.requireNonNullElse(target, Optional.empty());
    context = Objects.requireNonNullElse(context, Optional.empty());
    message = Objects.requireNonNullElse(message, Optional.empty());
    step = Objects.requireNonNullElse(step, Optional.empty());
    result = Objects.requireNonNullElse(result, Optional.empty());
  }

  /** Tells {@code listener} this event, as it was first told. */
  public void replayTo(ReleaseListener listener) {
    switch (type) {
      case RELEASE_STARTED -> listener.releaseStarted(target.orElse(""), context.orElse(""));
      case NOTICE -> listener.notice(message.orElse(""));
      case STEP_STARTED -> step.ifPresent(listener::stepStarted);
      case STEP_FINISHED -> result.ifPresent(listener::stepFinished);
    }
  }

  /** A listener that keeps what it hears, and passes it on to another. */
  public static final class Recorder implements ReleaseListener {
    private final ReleaseListener also;
    private final List<ReleaseEvent> events = new ArrayList<>();

    /** Keeps every event and tells {@code also} of each. */
    public Recorder(ReleaseListener also) {
      this.also = also;
    }

    /** What it heard, in order. */
    public synchronized List<ReleaseEvent> events() {
      return List.copyOf(events);
    }

    private synchronized void keep(ReleaseEvent event) {
      events.add(event);
    }

    @Override
    public void releaseStarted(String target, String context) {
      keep(
          new ReleaseEvent(
              Type.RELEASE_STARTED,
              Optional.of(target),
              Optional.of(context),
              Optional.empty(),
              Optional.empty(),
              Optional.empty()));
      also.releaseStarted(target, context);
    }

    @Override
    public void notice(String message) {
      keep(
          new ReleaseEvent(
              Type.NOTICE,
              Optional.empty(),
              Optional.empty(),
              Optional.of(message),
              Optional.empty(),
              Optional.empty()));
      also.notice(message);
    }

    @Override
    public void stepStarted(StepStatus step) {
      keep(
          new ReleaseEvent(
              Type.STEP_STARTED,
              Optional.empty(),
              Optional.empty(),
              Optional.empty(),
              Optional.of(step),
              Optional.empty()));
      also.stepStarted(step);
    }

    @Override
    public void stepProgress(StepStatus step, long done, long total) {
      also.stepProgress(step, done, total);
    }

    @Override
    public void stepFinished(StepResult result) {
      keep(
          new ReleaseEvent(
              Type.STEP_FINISHED,
              Optional.empty(),
              Optional.empty(),
              Optional.empty(),
              Optional.empty(),
              Optional.of(result)));
      also.stepFinished(result);
    }
  }
}
