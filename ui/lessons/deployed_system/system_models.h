#pragma once
// What the deployed-system lesson's panels share: the system and its two emulators, made on a
// worker thread and then only read (the panels hand copies of the pointers to their jobs).

#include "engine/system/system.h"
#include "engine/system/system_emulation.h"

#include <memory>

namespace ui {

struct SystemModels
{
    std::shared_ptr<const emu::System> system;
    std::shared_ptr<const emu::ComponentwiseEmulator> composed;
    std::shared_ptr<const emu::WholeSystemEmulator> whole;
    bool useComposed = true; ///< which emulator the page's predictions come from
    int samples = 1000;      ///< composition samples per forecast
    std::uint64_t seed = 1;

    bool isReady() const { return system && composed && whole; }
    /// The chosen emulator's forecast at these interventions (conditions nominal).
    emu::SystemForecast forecast(const emu::RowVector& interventions) const
    {
        return useComposed ? composed->forecast(interventions, emu::RowVector(), samples, seed)
                           : whole->forecast(interventions);
    }
    /// The chosen emulator's predicted change between two settings.
    emu::PredictedChange change(const emu::RowVector& before, const emu::RowVector& after) const
    {
        return useComposed ? composed->change(before, after, emu::RowVector(), samples, seed)
                           : whole->change(before, after);
    }
};

} // namespace ui
