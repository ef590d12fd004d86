// Package data holds the questionnaires that ship with consult. At run
// time the default database file is created in this folder too.
package data

import _ "embed"

// Cluster1 is the bilingual Cluster 1 questionnaire (criminalization and
// jurisdiction) of the UNTOC Review Mechanism, as a questionnaire file.
//
//go:embed cluster1.json
var Cluster1 []byte

// Lexicon is the bilingual concept lexicon that theme suggestions map
// English and French words to shared concepts with (see its header).
//
//go:embed lexicon.txt
var Lexicon []byte
