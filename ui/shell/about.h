#pragma once

#include <QString>

namespace ui {

/// HTML for the About box: what the program is, its version and the libraries it runs on.
QString aboutText();

} // namespace ui
