package themes

import (
	"fmt"
	"strings"
)

// topic is a theme of the synthetic consultation: sentences in English
// and in French.
type topic struct {
	name   string
	en, fr []string
}

var genTopics = []topic{
	{
		name: "laundering",
		en: []string{
			"Money laundering through shell companies and real estate remains a serious concern in our region.",
			"Banks and notaries should report suspicious transactions to the financial intelligence unit without delay.",
			"Beneficial ownership registers must be public, verified and kept up to date.",
			"Launderers move criminal proceeds through cryptocurrency exchanges and casinos.",
			"Confiscation of laundered assets should not depend on a prior criminal conviction.",
			"Supervisors rarely sanction banks that fail to report suspicious transactions.",
			"Trade-based money laundering hides proceeds in false invoices.",
			"The financial intelligence unit lacks staff to analyse the reports it receives.",
		},
		fr: []string{
			"Le blanchiment d’argent par des sociétés écrans et l’immobilier reste très préoccupant.",
			"Les banques et les notaires doivent déclarer les transactions suspectes à la cellule de renseignement financier.",
			"Les registres des bénéficiaires effectifs doivent être publics et vérifiés.",
			"Les blanchisseurs font transiter le produit du crime par des plateformes de cryptomonnaies.",
			"La confiscation des avoirs blanchis ne devrait pas dépendre d’une condamnation pénale.",
			"Les autorités de surveillance sanctionnent rarement les banques qui ne déclarent pas les transactions suspectes.",
			"Le blanchiment commercial dissimule le produit du crime dans de fausses factures.",
		},
	},
	{
		name: "trafficking",
		en: []string{
			"Victims of human trafficking need protection, shelter and residence permits.",
			"Trafficking for forced labour is under-reported in agriculture, fishing and domestic work.",
			"Traffickers recruit victims online with false job offers abroad.",
			"Identification of trafficking victims by labour inspectors and police remains weak.",
			"Survivors of trafficking should never be punished for offences they were compelled to commit.",
			"Recruitment agencies that charge fees to migrant workers facilitate trafficking.",
			"Child victims of trafficking need guardians and specialised shelters.",
		},
		fr: []string{
			"Les victimes de la traite des personnes ont besoin de protection, d’hébergement et de titres de séjour.",
			"La traite à des fins de travail forcé est sous-déclarée dans l’agriculture et le travail domestique.",
			"Les trafiquants recrutent leurs victimes en ligne avec de fausses offres d’emploi.",
			"L’identification des victimes de la traite par les inspecteurs du travail reste insuffisante.",
			"Les survivantes de la traite ne devraient jamais être punies pour des infractions commises sous la contrainte.",
			"Les agences de recrutement qui facturent des frais aux travailleurs migrants facilitent la traite.",
		},
	},
	{
		name: "corruption",
		en: []string{
			"Corruption of public officials undermines trust in institutions and the rule of law.",
			"Whistleblowers who report bribery must be protected from retaliation and dismissal.",
			"Procurement contracts are awarded to companies linked to politicians through bribes.",
			"Anti-corruption agencies need independence, a budget and investigative powers.",
			"Asset declarations of officials should be published and checked.",
			"Bribery of foreign public officials by multinational companies is rarely prosecuted.",
			"Political party financing remains opaque and open to corruption.",
		},
		fr: []string{
			"La corruption des agents publics mine la confiance dans les institutions et l’État de droit.",
			"Les lanceurs d’alerte qui signalent des pots-de-vin doivent être protégés contre les représailles.",
			"Les marchés publics sont attribués à des entreprises proches de responsables politiques.",
			"Les agences anticorruption ont besoin d’indépendance, d’un budget et de pouvoirs d’enquête.",
			"Les déclarations de patrimoine des agents publics devraient être publiées et vérifiées.",
			"La corruption d’agents publics étrangers par des multinationales est rarement poursuivie.",
		},
	},
	{
		name: "firearms",
		en: []string{
			"Illicit firearms trafficking across borders fuels gang violence and homicides.",
			"Marking and tracing of weapons and ammunition should be mandatory for manufacturers.",
			"Converted blank-firing pistols and 3D-printed guns are a growing threat.",
			"Stockpiles of seized weapons must be destroyed rather than resold.",
			"Brokers of arms and ammunition should be licensed and registered.",
			"Police need a national database to trace firearms used in crimes.",
			"Parts and components of firearms are shipped by post to avoid controls.",
		},
		fr: []string{
			"Le trafic illicite d’armes à feu à travers les frontières alimente la violence des gangs.",
			"Le marquage et le traçage des armes et des munitions devraient être obligatoires.",
			"Les pistolets d’alarme convertis et les armes imprimées en 3D sont une menace croissante.",
			"Les stocks d’armes saisies doivent être détruits plutôt que revendus.",
			"Les courtiers en armes et munitions devraient être agréés et enregistrés.",
			"Les pièces d’armes à feu sont expédiées par la poste pour éviter les contrôles.",
		},
	},
	{
		name: "jurisdiction",
		en: []string{
			"Jurisdiction over offences committed abroad by nationals should be established by law.",
			"Extradition and mutual legal assistance requests take far too long.",
			"Courts disagree on jurisdiction when the offence is committed online across several countries.",
			"Joint investigation teams would speed up cooperation between prosecutors.",
			"Dual criminality requirements block extradition for new offences.",
			"Evidence gathered abroad is often inadmissible because of procedural differences.",
			"Central authorities for mutual legal assistance are understaffed.",
		},
		fr: []string{
			"La compétence pour les infractions commises à l’étranger par des ressortissants doit être établie par la loi.",
			"Les demandes d’extradition et d’entraide judiciaire prennent beaucoup trop de temps.",
			"Les tribunaux divergent sur la compétence lorsque l’infraction est commise en ligne dans plusieurs pays.",
			"Les équipes communes d’enquête accéléreraient la coopération entre procureurs.",
			"L’exigence de double incrimination bloque l’extradition pour les nouvelles infractions.",
			"Les preuves recueillies à l’étranger sont souvent irrecevables.",
		},
	},
}

var genFiller = topic{
	name: "filler",
	en: []string{
		"We welcome this consultation and thank the secretariat for the opportunity.",
		"Our organisation works with communities affected by organized crime.",
		"Civil society should be consulted regularly during the review process.",
		"More resources and training are needed.",
		"In our experience the situation has not improved in recent years.",
	},
	fr: []string{
		"Nous saluons cette consultation et remercions le secrétariat.",
		"Notre organisation travaille avec des communautés touchées par la criminalité organisée.",
		"La société civile devrait être consultée régulièrement pendant le processus d’examen.",
		"Davantage de ressources et de formations sont nécessaires.",
	},
}

// genDocs generates n answers deterministically. Answer i is mainly about
// topic i mod topics (among the first topics topics), in French one time
// in three, 80–150 words long, with filler and the odd sentence from
// another topic.
func genDocs(n, topics int, seed uint64) []Doc {
	r := rng{state: seed}
	docs := make([]Doc, n)
	var b strings.Builder
	for i := range docs {
		t := genTopics[i%topics]
		fr := r.intn(3) == 0
		pick := func(tp topic) string {
			if fr {
				return tp.fr[r.intn(len(tp.fr))]
			}
			return tp.en[r.intn(len(tp.en))]
		}
		target := 80 + r.intn(71)
		words := 0
		b.Reset()
		for words < target {
			var s string
			switch x := r.intn(20); {
			case x < 3:
				s = pick(genFiller)
			case x < 4:
				s = pick(genTopics[r.intn(topics)])
			default:
				s = pick(t)
			}
			if b.Len() > 0 {
				b.WriteByte(' ')
			}
			b.WriteString(s)
			words += len(strings.Fields(s))
		}
		lang := "en"
		if fr {
			lang = "fr"
		}
		docs[i] = Doc{ID: fmt.Sprintf("a%05d", i), Text: b.String(), Lang: lang, Quotable: true}
	}
	return docs
}
