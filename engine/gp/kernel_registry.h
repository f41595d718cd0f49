#pragma once
// The kernels a user can pick at run time (combo boxes, CLI options, saved sessions), by id.

#include "engine/gp/kernel.h"

#include "engine/core/registry.h"

#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace emu {

/// One selectable kernel family.
struct KernelInfo
{
    std::string id;          ///< stable identifier used in files and on the command line
    std::string displayName; ///< for menus, e.g. "Matérn 5/2"
    std::string description; ///< one sentence for tooltips
    bool supportsArd = false; ///< whether `ard` changes anything
    /// Creates the kernel with default hyperparameters (variance 1, lengthscales 1).
    std::function<std::unique_ptr<Kernel>(Index inputDim, bool ard)> factory;
};

/// Every registered kernel, in menu order.
const Registry<KernelInfo>& kernelRegistry();
/// A new kernel by id; throws InvalidInput listing the valid ids if `id` is unknown.
std::unique_ptr<Kernel> makeKernel(const std::string& id, Index inputDim, bool ard = false);
/// A kernel composed of registered ones: sums of products of ids, "*" binding tighter than "+"
/// ("rbf + linear*periodic" is rbf + (linear × periodic)); a single id is that kernel. Throws
/// InvalidInput for an unknown id or a missing term ("rbf +").
std::unique_ptr<Kernel> makeKernelExpression(const std::string& expression, Index inputDim, bool ard = false);

} // namespace emu
