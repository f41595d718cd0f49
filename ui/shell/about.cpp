#include "ui/shell/about.h"

#include "engine/core/build_info.h"
#include "engine/sim/box2d_info.h"

#include <QObject>

namespace ui {

QString aboutText()
{
    return QObject::tr("<h3>Emulation Playground %1</h3>"
                       "<p>An interactive playground for statistical emulation: Gaussian processes, "
                       "experimental design, Bayesian optimisation, multi-fidelity emulation and deep "
                       "Gaussian processes.</p>"
                       "<p>Built with Qt %2 (running on %3), Eigen %4, Box2D %5 and LBFGSpp.</p>")
        .arg(QString::fromStdString(emu::emuplayVersion()), QStringLiteral(QT_VERSION_STR), QString::fromLatin1(qVersion()),
             QString::fromStdString(emu::eigenVersion()), QString::fromStdString(emu::box2dVersion()));
}

} // namespace ui
