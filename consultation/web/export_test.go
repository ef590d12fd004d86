package web

// ReleasePlace lets the external tests of the overload guard give a place back.
var ReleasePlace = releasePlace
