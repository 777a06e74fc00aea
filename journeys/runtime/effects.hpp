// What the step machine (step_machine.hpp) does to the world, as values:
// it changes the instance it is given and emits effects, and performs
// none of them. Who listens decides what an effect means: dry-run counts
// them into its report and writes the trace from them; a runner will
// write them to its state database. An effect's references (steps,
// names, values) are valid during the emit call only.
//
// Some effects only say what the machine decided and why (a branch case
// that did not hold, a wait that is already over), so that a trace can
// explain a path without the machine knowing there is a trace.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>

#include "core/expr/value.hpp"
#include "journeys/runtime/compiled_journey.hpp"
#include "journeys/messages/message.hpp"
#include "journeys/policy/policy_outcome.hpp"
#include "journeys/runtime/exit_reason.hpp"
#include "journeys/runtime/instance.hpp"

namespace journeyctl::journeys::runtime {

// How an entry came: the scheduled entry's segment, or the triggering event.
enum class EntryCause : uint8_t { Segment, Event };

namespace effect {

struct Entered {
    EntryCause cause;
    bool first;  // the profile's first entry into the journey
};
struct EntryRefused {
    enum class Why : uint8_t { AlreadyInside, Reentry };
    EntryCause cause;
    Why why;
};
// The triggered entry's where did not give true (a false, or `value` is
// an error or not a bool): no entry.
struct EntryWhereFailed {
    core::expr::Value value;
};
// A profile outside the entry segment at a scheduled occurrence (emitted
// by the driver, which knows the membership).
struct NotInEntrySegment {};

// Arrival at step `to`, from step `from` (k_leave: the entry's first step).
struct Arrived {
    int from;
    int to;
};
// The instance ends (emitted while it still stands at its step).
struct Left {
    ExitReason reason;
    std::string detail;  // for the trace; may be empty
};
// Still inside when the driver stops (dry-run: the window ends).
struct StillInside {};

// A goal event within the window of an entry made at `entered`.
struct GoalReached {
    std::string_view event_type;
    Timestamp entered;
};
// A condition or value that failed or gave a wrong type at the current
// step: `what` names it ("branch when", "update.FIELD").
struct ExpressionFailed {
    std::string what;
    core::expr::Value value;
};

// send: one attempt's outcome as far as the journey knows it: `sent` when
// the policies allowed it (the message is handed to delivery, whose own
// result, failed or ambiguous, comes later from the provider), else the
// policy's refusal or delay, or `cancelled` when the profile leaves while
// the message is held.
struct MessageDecided {
    const CompiledStep* step;
    Outcome outcome;
    const std::optional<std::string>& to;
    const std::string& reason;
    std::optional<Timestamp> release;         // delayed: when it is checked again
    const std::optional<Message>& content;    // when rendered
};
// Quiet hours were judged in the workspace zone for want of a profile zone.
struct QuietHoursZoneFallback {
    std::string_view zone;
};
// The channel's consent rule failed or was not a bool (no consent).
struct ConsentFailed {};

// wait
struct WaitZoneFallback {
    std::string_view why;
    std::string_view zone;
};
struct WaitStarted {
    Timestamp until;
};
struct WaitAlreadyOver {};
struct WaitOver {};

// wait_for
struct WaitForStarted {
    std::string_view event_type;
    std::optional<Timestamp> until;  // none: no timeout
};
struct AwaitedEventArrived {
    std::string_view event_type;
};
struct AwaitedWhereFailed {
    std::string_view event_type;
};
struct WaitForTimedOut {
    std::string_view event_type;
};

// branch: a case considered (its `when` gave `held`; the else case has
// no when and is always taken).
struct BranchCase {
    const CompiledBranchCase* branch_case;
    core::expr::Value held;
    bool taken;
};
// split: the profile's bucket and the arm it falls in (0-based).
struct SplitChosen {
    uint32_t bucket;
    size_t arm;
};
// update
struct FieldSet {
    std::string_view field;
    const core::expr::Value& value;
};
struct FieldNotSet {
    std::string_view field;
    const core::expr::Value& error;
};
// call: the request to make.
struct CallRequested {
    const CompiledStep* step;
};

}  // namespace effect

using Effect = std::variant<effect::Entered, effect::EntryRefused, effect::EntryWhereFailed, effect::NotInEntrySegment,
                            effect::Arrived, effect::Left, effect::StillInside, effect::GoalReached,
                            effect::ExpressionFailed, effect::MessageDecided, effect::QuietHoursZoneFallback,
                            effect::ConsentFailed, effect::WaitZoneFallback, effect::WaitStarted,
                            effect::WaitAlreadyOver, effect::WaitOver, effect::WaitForStarted,
                            effect::AwaitedEventArrived, effect::AwaitedWhereFailed, effect::WaitForTimedOut,
                            effect::BranchCase, effect::SplitChosen, effect::FieldSet, effect::FieldNotSet,
                            effect::CallRequested>;

// Where an effect happened: the instance as it stands when the effect is
// emitted, its current step's index (k_leave before the first step or
// once it left) and the instant.
struct EffectContext {
    const Instance& instance;
    int step;
    Timestamp t;
};

class EffectSink {
public:
    virtual ~EffectSink() = default;
    virtual void emit(const EffectContext& context, const Effect& effect) = 0;
};

}  // namespace journeyctl::journeys::runtime
