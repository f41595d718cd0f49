#pragma once
// `emuplay-cli mountain-car <sub-command>`: the mountain car experiments of the talk.
//
//   simulate   one episode of a linear controller (--theta THETA0,THETAP,THETAV)
//   tune       find a controller (--method direct; one function per method in a table)
//   landscape  the reward over a (thetaP, thetaV) grid at fixed theta0
//
// The command line writes θ as the talk does, bias first: θ0,θp,θv. The engine's order is
// (θp, θv, θ0); the conversion happens in one place (command_mountain_car.cpp) and JSON output
// names every parameter, so no order needs to be remembered when reading results.

#include <QJsonObject>
#include <QStringList>

namespace cli {

/// `emuplay-cli mountain-car`: dispatches to the sub-commands (see --help).
QJsonObject runMountainCar(const QStringList& args);

} // namespace cli
