#pragma once
// The acquisitions a user can pick at run time (combo boxes, CLI options, saved sessions), by id:
// "ei", "pi", "lcb", "variance", "ivr", "mes".

#include "engine/bo/acquisition.h"

#include "engine/core/registry.h"

#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace emu {

/// One selectable acquisition.
struct AcquisitionInfo
{
    std::string id;                    ///< stable identifier used in files and on the command line
    std::string displayName;           ///< for menus, e.g. "Expected improvement"
    std::string description;           ///< one sentence for tooltips
    bool needsGaussianProcess = false; ///< works only with a GaussianProcess model ("ivr")
    std::vector<AcquisitionParameter> parameters; ///< names, defaults and ranges
    /// Creates the acquisition with default parameters.
    std::function<std::unique_ptr<Acquisition>()> factory;
};

/// Every registered acquisition, in menu order.
const Registry<AcquisitionInfo>& acquisitionRegistry();
/// A new acquisition by id with default parameters; throws InvalidInput listing the valid ids.
std::unique_ptr<Acquisition> makeAcquisition(const std::string& id);

} // namespace emu
