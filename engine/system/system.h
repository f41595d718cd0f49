#pragma once
// A checked system of components (system_description.h), ready to run: the wiring resolved,
// the components in an order where every wire points forward, each component built.
//
// A run takes one value per system input (interventions, random draws, conditions), runs every
// component once in that order, and reports every port's value, so that what a run saw inside
// the system is there to learn from. A component that fails (throws, prints garbage, times out)
// ends its run with an error naming it; the runs of a batch go on.

#include "engine/core/progress.h"
#include "engine/core/types.h"
#include "engine/design/parameter_space.h"
#include "engine/system/system_components.h"
#include "engine/system/system_description.h"

#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace emu {

class Rng;

/// Where a component's input comes from: output `port` of `component`, or, with component −1,
/// system input `port`.
struct SystemSource
{
    Index component = -1;
    Index port = 0;
};

/// One run of the whole system.
struct SystemRun
{
    RowVector inputs;                       ///< every system input, in description order
    std::vector<RowVector> componentInputs; ///< per component (description order); empty if not run
    std::vector<RowVector> componentOutputs;
    RowVector outputs;         ///< the system's outputs; empty if the run failed
    std::string error;         ///< empty if it ran: "component \"x\": why"
    Index failedComponent = -1;
    bool ok() const { return error.empty(); }
};

class System
{
public:
    /// Checks the description and builds its components. Throws InvalidInput naming the source
    /// (and line, for a file) for duplicate or malformed names, a wire naming an unknown
    /// component, port or input, an input wired twice or not at all, units that differ across
    /// a wire, an input's range reaching outside the port it feeds, a cycle (naming its
    /// components), an unknown system output; ExternalProgramError for a program that cannot be
    /// run.
    explicit System(SystemDescription description);
    System(const System& other);
    System& operator=(const System& other);
    System(System&&) noexcept = default;
    System& operator=(System&&) noexcept = default;
    ~System();

    const SystemDescription& description() const { return m_description; }
    Index componentCount() const { return static_cast<Index>(m_components.size()); }
    const SystemComponentSpec& component(Index c) const { return m_description.components[c]; }
    /// Index of the component with this name, or −1.
    Index componentIndex(const std::string& name) const;
    /// The components in run order (every wire points forward).
    const std::vector<Index>& order() const { return m_order; }
    /// Where each input port of component c comes from.
    const std::vector<SystemSource>& sources(Index c) const { return m_sources[c]; }

    /// Indices into description().inputs of the inputs with this role.
    std::vector<Index> inputsWithRole(SystemInput::Role role) const;
    /// The interventions as a space (their ranges), in description order.
    ParameterSpace interventionSpace() const;
    /// The interventions' current settings.
    RowVector interventionValues() const;
    /// Every system input for a run: the interventions given, random inputs drawn from rng,
    /// conditions at their nominal values. Throws InvalidInput for a wrong count.
    RowVector drawInputs(const RowVector& interventions, Rng& rng) const;

    Index outputCount() const { return static_cast<Index>(m_outputs.size()); }
    const std::vector<std::string>& outputNames() const { return m_description.outputs; }
    /// (component, output port) of system output k.
    SystemSource outputSource(Index k) const { return m_outputs[k]; }
    /// The cost of one run of the whole system (its components' costs added up).
    double runCost() const;

    /// One run; see the file comment. Throws InvalidInput if `inputs` has the wrong size or a
    /// non-finite value; a component's failure is reported in the run, not thrown.
    SystemRun run(const RowVector& inputs);
    /// One run per row of `inputs` on clones, up to `parallel` at once. After cancellation the
    /// runs not started fail as "cancelled".
    std::vector<SystemRun> runBatch(const Matrix& inputs, int parallel,
                                    Progress& progress = Progress::none()) const;
    /// One run of component c alone; throws what the component throws, and NumericalError for a
    /// wrong count or non-finite outputs.
    RowVector runComponent(Index c, const RowVector& inputs);

private:
    void check();
    void resolveWires();
    void sortComponents();
    [[noreturn]] void fail(int line, const std::string& what) const;

    SystemDescription m_description;
    std::vector<std::unique_ptr<SystemComponent>> m_components;
    std::vector<std::vector<SystemSource>> m_sources;
    std::vector<SystemSource> m_outputs;
    std::vector<Index> m_order;
};

} // namespace emu
