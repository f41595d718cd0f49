#pragma once
// Matrix conventions of the whole engine.
//
// A set of n points in d dimensions is a Matrix with n ROWS and d COLUMNS: row i is point i.
// A set of n scalar outputs is a Vector of length n (a column vector), entry i belongs to row i.
// Every batch API (kernels, predict, acquisitions, designs) follows this, so that one call
// processes all points at once.

#include <Eigen/Core>

namespace emu {

using Matrix = Eigen::MatrixXd;          ///< n×d, rows are points
using Vector = Eigen::VectorXd;          ///< column vector
using RowVector = Eigen::RowVectorXd;    ///< one point, as a row
using Index = Eigen::Index;

} // namespace emu
