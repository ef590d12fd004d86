package themes

import "strings"

// englishStopWords is the Snowball English stop list, the contraction
// fragments that tokenisation leaves (don, isn, ll, ve…) and common
// function words and discourse fillers of consultation answers.
const englishStopWords = `
i me my myself we our ours ourselves you your yours yourself yourselves
he him his himself she her hers herself it its itself they them their
theirs themselves what which who whom whose this that these those am is
are was were be been being have has had having do does did doing would
should could ought will shall may might must can cannot a an the and but
if or because as until while of at by for with about against between
into through during before after above below to from up down in out on
off over under again further then once here there when where why how all
any both each few more most other some such no nor not only own same so
than too very just now also however therefore thus hence yet still even
already often always never ever rather quite well much many every either
neither whether although though since unless upon within without among
amongst across along around via per etc eg ie another anything
something nothing everything someone anyone everyone others one ones
whatever whichever whoever whenever wherever herein thereof therein
hereby thereby whereas whereby moreover furthermore besides instead
indeed perhaps otherwise else ie vs mr mrs ms dr
s t d ll m o re ve y ain aren couldn didn doesn don hadn hasn haven isn
ma mightn mustn needn shan shouldn wasn weren won wouldn let lets
take takes taking took taken part parts side sides onto toward towards
think thinks believe believes feel feels need needs needed needing
want wants make makes made making way ways lot lots really actually
get gets got getting give gives given seem seems seemed like also
must say says said see seen look know known thing things kind sort
yes okay ok agree agreed disagree please thank thanks regard regards
regarding respect concerning terms current currently particular
particularly especially generally overall simply clearly certainly
probably possibly likely fully truly example examples
`

// frenchStopWords is the Snowball French stop list, the elided forms left
// by splitting at apostrophes (qu, jusqu, lorsqu, puisqu, quoiqu, presqu,
// aujourd hui) and common function words.
const frenchStopWords = `
au aux avec ce ces dans de des du elle en et eux il je la le leur lui ma
mais me même mes moi mon ne nos notre nous on ou par pas pour qu que qui
sa se ses son sur ta te tes toi ton tu un une vos votre vous c d j l à m
n s t y été étée étées étés étant étante étants étantes suis es est
sommes êtes sont serai seras sera serons serez seront serais serait
serions seriez seraient étais était étions étiez étaient fus fut fûmes
fûtes furent sois soit soyons soyez soient fusse fusses fût fussions
fussiez fussent ayant ayante ayantes ayants eu eue eues eus ai as avons
avez ont aurai auras aura aurons aurez auront aurais aurait aurions
auriez auraient avais avait avions aviez avaient eut eûmes eûtes eurent
aie aies ait ayons ayez aient eusse eusses eût eussions eussiez eussent
ceci cela celà cet cette ici ils les leurs quel quels quelle quelles
sans soi elles celle celles celui ceux ça là où dont si ni or car donc
comme aussi ainsi alors plus moins très trop tout tous toute toutes
autre autres entre chez vers sous depuis pendant lors selon afin
notamment cependant toutefois néanmoins pourtant puis encore déjà
toujours jamais souvent parfois bien non oui peu chaque plusieurs
certain certains certaine certaines quelque quelques aucun aucune même
mêmes tel telle tels telles tant dès via etc être avoir faire fait
faite faits peut peuvent pouvoir doit doivent devoir sein ainsi
qu jusqu lorsqu puisqu quoiqu presqu aujourd hui cet ceci celà voici
voilà leur lesquels lesquelles laquelle lequel duquel auquel auxquels
auxquelles desquels desquelles quand comment pourquoi parce
devrait devraient devrions devriez devons dois pourrait pourraient
pourrions faut falloir fallait faudrait contre plutôt presque
beaucoup trop assez vraiment surtout particulièrement notamment
également simplement clairement certes estimons croyons pensons
pense pensent croit trouvons semble semblent paraît ailleurs
part côté égard concerne concernant regard tenir tient prendre
prend prise donner donne donné exemple exemples oui non merci
accord rien chose choses façon manière sorte genre
actuellement actuel actuelle craignons craignent craint après rend
rendent
`

// stopWords holds both lists, each word also in folded form, so that
// "etait" is dropped like "était". Both lists apply to every answer:
// bilingual answers are common and the lists barely overlap with content
// words of the other language.
var stopWords = func() map[string]bool {
	m := make(map[string]bool, 700)
	for _, list := range []string{englishStopWords, frenchStopWords} {
		for _, w := range strings.Fields(list) {
			m[w] = true
			m[fold(w)] = true
		}
	}
	return m
}()

// isStopWord reports whether the lower-case word w is a stop word.
func isStopWord(w string) bool {
	return stopWords[w] || stopWords[fold(w)]
}
