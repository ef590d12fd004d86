// Package demo fills a database with plausible, bilingual submissions so a
// newcomer can see the workspace and the report with realistic data.
package demo

import (
	"context"
	"fmt"
	"math/rand/v2"
	"strings"
	"time"

	"consult/consultation"
)

// Options say how much to generate.
type Options struct {
	Orgs int    // organizations that submit
	Seed uint64 // same seed, same data
}

// topic phrases per instrument, in each language, used to build answers.
var topics = map[string]map[consultation.Lang][]string{
	"untoc": {
		consultation.English: {"the definition of an organized criminal group in section 467.1 of the Criminal Code",
			"the four-year threshold for serious crime", "prosecutions under the participation offence",
			"the proceeds of crime regime and the all-crimes approach to predicate offences",
			"bribery of public officials and the Corruption of Foreign Public Officials Act",
			"witness intimidation and obstruction of justice", "extraterritorial jurisdiction over Canadian nationals",
			"legal persons and corporate criminal liability", "deferred prosecution agreements"},
		consultation.French: {"la définition d’organisation criminelle à l’article 467.1 du Code criminel",
			"le seuil de quatre ans pour les infractions graves", "les poursuites pour participation aux activités d’une organisation criminelle",
			"le régime des produits de la criminalité et l’approche « toutes infractions »",
			"la corruption d’agents publics et la Loi sur la corruption d’agents publics étrangers",
			"l’intimidation des témoins et l’entrave à la justice", "la compétence extraterritoriale à l’égard des ressortissants canadiens",
			"la responsabilité pénale des personnes morales", "les accords de réparation"},
	},
	"tip": {
		consultation.English: {"the definition of exploitation in section 279.04", "protection of victims of trafficking",
			"temporary resident permits for survivors", "the distinction between trafficking and smuggling",
			"consent of the victim being irrelevant"},
		consultation.French: {"la définition d’exploitation à l’article 279.04", "la protection des victimes de la traite",
			"les permis de séjour temporaire pour les survivantes", "la distinction entre traite et passage de clandestins",
			"l’absence de pertinence du consentement de la victime"},
	},
	"som": {
		consultation.English: {"section 117 of the Immigration and Refugee Protection Act", "non-criminalization of smuggled migrants",
			"humanitarian assistance exemptions", "the Appulonappa decision of the Supreme Court", "aggravating circumstances"},
		consultation.French: {"l’article 117 de la Loi sur l’immigration et la protection des réfugiés", "la non-incrimination des migrants objets d’un trafic",
			"les exemptions pour aide humanitaire", "l’arrêt Appulonappa de la Cour suprême", "les circonstances aggravantes"},
	},
	"firearms": {
		consultation.English: {"firearms marking regulations", "illicit manufacturing of ghost guns", "cross-border trafficking of handguns"},
		consultation.French:  {"le règlement sur le marquage des armes à feu", "la fabrication illicite d’armes fantômes", "le trafic transfrontalier d’armes de poing"},
	},
	"general": {
		consultation.English: {"the overall coherence of Canada's framework", "data collection and statistics", "resources for investigators"},
		consultation.French:  {"la cohérence d’ensemble du cadre canadien", "la collecte de données et les statistiques", "les ressources des enquêteurs"},
	},
}

var openers = map[consultation.Lang][]string{
	consultation.English: {"In our experience, %s works reasonably well.", "We are concerned that %s leaves gaps.",
		"Our members report that %s is rarely applied in practice.", "Canada should review %s.",
		"Front-line workers tell us that %s does not reach the people it should protect.",
		"Courts have interpreted %s narrowly."},
	consultation.French: {"D’après notre expérience, %s fonctionne assez bien.", "Nous craignons que %s laisse des lacunes.",
		"Nos membres signalent que %s est rarement appliqué en pratique.", "Le Canada devrait revoir %s.",
		"Les intervenants de première ligne nous disent que %s ne protège pas les personnes visées.",
		"Les tribunaux ont interprété %s de façon étroite."},
}

var closers = map[consultation.Lang][]string{
	consultation.English: {"More training for police and prosecutors would help.", "Statistics are not published, which makes assessment difficult.",
		"Provinces apply the law unevenly.", "Civil society should be consulted earlier in the process.",
		"Indigenous communities are disproportionately affected.", "The penalties are adequate but enforcement is weak."},
	consultation.French: {"Plus de formation pour les policiers et les procureurs serait utile.", "Les statistiques ne sont pas publiées, ce qui rend l’évaluation difficile.",
		"Les provinces appliquent la loi de façon inégale.", "La société civile devrait être consultée plus tôt dans le processus.",
		"Les communautés autochtones sont touchées de façon disproportionnée.", "Les peines sont adéquates, mais l’application est faible."},
}

var campaigns = map[consultation.Lang]string{
	consultation.English: "We call on Canada to protect survivors of trafficking, to stop criminalizing migrants, and to publish data on every prosecution under the Convention.",
	consultation.French:  "Nous demandons au Canada de protéger les survivantes de la traite, de cesser de criminaliser les migrants et de publier des données sur chaque poursuite fondée sur la Convention.",
}

var orgWords = map[consultation.Lang][]string{
	consultation.English: {"Canadian", "Coalition", "Centre", "Network", "Association", "Council", "Institute", "Alliance"},
	consultation.French:  {"Réseau", "Centre", "Coalition", "Association", "Conseil", "Institut", "Regroupement", "Alliance"},
}

var orgSubjects = map[consultation.Lang][]string{
	consultation.English: {"for Justice Reform", "against Human Trafficking", "for Migrant Rights", "on Financial Crime", "of Criminal Lawyers", "for Survivors", "on Firearms Policy"},
	consultation.French:  {"pour la réforme de la justice", "contre la traite des personnes", "pour les droits des migrants", "sur la criminalité financière", "des avocats de la défense", "pour les survivantes", "sur les armes à feu"},
}

// Fill adds opt.Orgs submitted entries to db and returns their references.
// Each goes through consultation.Intake, as a participant's would: the
// consultation must be open and every form valid.
// About a fifth write in French, a tenth join a campaign, every attribution
// choice appears, and some questions are left unanswered.
func Fill(ctx context.Context, db consultation.IntakeStore, q *consultation.Questionnaire, opt Options) ([]string, error) {
	rng := rand.New(rand.NewPCG(opt.Seed, opt.Seed^0x9e3779b97f4a7c15))
	questions := q.Questions()
	intake := consultation.Intake{Store: db}
	var refs []string
	for i := range opt.Orgs {
		lang := consultation.English
		if rng.IntN(5) < 2 {
			lang = consultation.French
		}
		attribution := consultation.Attributions[[]int{0, 0, 0, 1, 1, 2}[rng.IntN(6)]]
		name := fmt.Sprintf("%s %s %d", pick(rng, orgWords[lang]), pick(rng, orgSubjects[lang]), i+1)
		f := consultation.Form{
			Organization: consultation.Organization{Name: name, Type: pick(rng, consultation.OrgTypes),
				Province: pick(rng, consultation.Provinces), ContactName: fmt.Sprintf("Contact %d", i+1),
				ContactEmail: fmt.Sprintf("contact%d@example.org", i+1), Language: lang},
			Attribution: attribution, PrivacyAck: true, Lang: lang,
		}
		campaign := rng.IntN(10) == 0
		for _, qr := range questions {
			if rng.IntN(100) < 45 { // many questions are skipped
				continue
			}
			a := consultation.Answer{QuestionID: qr.ID}
			if assessment := consultation.Assessments[rng.IntN(4)]; qr.HasAssessment() {
				a.Assessment = assessment // only where the form offers the scale
			}
			if campaign && qr.Instrument.ID == "tip" {
				a.Text = campaigns[lang]
				if rng.IntN(2) == 0 {
					a.Text += " " + pick(rng, closers[lang])
				}
			} else if rng.IntN(8) > 0 || !qr.HasAssessment() { // an open question is answered in words
				a.Text = answer(rng, lang, qr.Instrument.ID)
			}
			f.Answers = append(f.Answers, a)
		}
		if len(f.Answers) == 0 {
			f.Answers = append(f.Answers, consultation.Answer{QuestionID: questions[len(questions)-1].ID, Text: answer(rng, lang, "general")})
		}
		token := fmt.Sprintf("demo-%d-%d-%d", opt.Seed, i, time.Now().UnixNano())
		checked, err := intake.Check(ctx, consultation.Proposal{Questionnaire: q, TokenHash: token, Form: f, Submitting: true})
		if err != nil {
			return refs, fmt.Errorf("demo organization %d: %w (problems: %v)", i+1, err, checked.Check().Errors)
		}
		r, err := intake.Submit(ctx, checked)
		if err != nil {
			return refs, fmt.Errorf("demo organization %d: %w", i+1, err)
		}
		refs = append(refs, r.Ref)
	}
	return refs, nil
}

func answer(rng *rand.Rand, lang consultation.Lang, instrument string) string {
	ts := topics[instrument][lang]
	var b strings.Builder
	for n := 1 + rng.IntN(4); n > 0; n-- {
		fmt.Fprintf(&b, pick(rng, openers[lang])+" ", pick(rng, ts))
		b.WriteString(pick(rng, closers[lang]) + " ")
	}
	return strings.TrimSpace(b.String())
}

func pick[T any](rng *rand.Rand, xs []T) T { return xs[rng.IntN(len(xs))] }
